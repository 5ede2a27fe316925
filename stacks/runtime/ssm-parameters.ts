/**
 * SSM GetParameters (with decryption) over a signed fetch (stacks/runtime/sigv4.ts): the part of
 * the SSM API the secret loader uses, without an SDK client in the bundle.
 */
import { SecretsUnavailableError } from "../../src/core/errors";
import { type AwsCredentials, signRootPost } from "./sigv4";

export interface GetParametersAnswer {
  /** The parameters found, by name. */
  values: Map<string, string>;
  /** The names SSM has no parameter for. */
  invalid: string[];
}

/** GetParameters for any number of names (SSM takes 10 a call: more are split). */
export type GetParameters = (names: string[]) => Promise<GetParametersAnswer>;

export interface SsmConnection {
  endpoint: URL;
  region: string;
  credentials: AwsCredentials;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Tries of a call SSM throttled, failed (5xx) or did not answer; 3 unless given. */
  attempts?: number;
  /** How long one try waits for SSM's answer (it answers in milliseconds); 3 s unless given. */
  answerWithinMs?: number;
}

/** SSM's limit of names per GetParameters call. */
const NAMES_PER_CALL = 10;

/** The connection a Lambda function has: its region, its role's credentials, SSM's endpoint (AWS_ENDPOINT_URL_SSM overrides it). */
export function ssmConnectionFromEnvironment(environment: NodeJS.ProcessEnv): SsmConnection {
  const region = environment.SST_REGION || environment.AWS_REGION;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = environment;
  if (!region || !accessKeyId || !secretAccessKey)
    throw new SecretsUnavailableError(
      "the bound secrets cannot be read: AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them)",
    );
  const domain = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return {
    endpoint: new URL(environment.AWS_ENDPOINT_URL_SSM || `https://ssm.${region}.${domain}`),
    region,
    credentials: {
      accessKeyId,
      secretAccessKey,
      ...(environment.AWS_SESSION_TOKEN ? { sessionToken: environment.AWS_SESSION_TOKEN } : {}),
    },
  };
}

/** One GetParameters call (at most NAMES_PER_CALL names), retried while SSM throttles or fails. */
async function getParametersCall(connection: SsmConnection, names: string[]) {
  const body = JSON.stringify({ Names: names, WithDecryption: true });
  const attempts = connection.attempts ?? 3;
  let reason = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await new Promise((wake) => setTimeout(wake, 100 * 2 ** attempt));
    const headers = signRootPost(
      {
        url: connection.endpoint,
        headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameters" },
        body,
      },
      { ...connection, service: "ssm", at: (connection.now ?? (() => new Date()))() },
    );
    let response: Response;
    try {
      response = await (connection.fetch ?? fetch)(connection.endpoint, {
        method: "POST",
        headers,
        body,
        signal: AbortSignal.timeout(connection.answerWithinMs ?? 3_000),
      });
    } catch (error) {
      reason = `no answer (${(error as Error).message})`;
      continue;
    }
    const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.ok)
      return answer as { Parameters?: Array<{ Name: string; Value: string }>; InvalidParameters?: string[] };
    reason = `${response.status} ${String(answer.__type ?? "")}: ${String(answer.message ?? answer.Message ?? "")}`;
    if (response.status < 500 && !/Throttl/.test(reason)) break;
  }
  throw new SecretsUnavailableError(`SSM GetParameters failed: ${reason}`);
}

/** GetParameters on `connection`: names split by NAMES_PER_CALL, the calls made at once. */
export function ssmGetParameters(connection: SsmConnection): GetParameters {
  return async (names) => {
    const chunks: string[][] = [];
    for (let i = 0; i < names.length; i += NAMES_PER_CALL) chunks.push(names.slice(i, i + NAMES_PER_CALL));
    const answers = await Promise.all(chunks.map((chunk) => getParametersCall(connection, chunk)));
    return {
      values: new Map(answers.flatMap((a) => (a.Parameters ?? []).map((p) => [p.Name, p.Value] as const))),
      invalid: answers.flatMap((a) => a.InvalidParameters ?? []),
    };
  };
}
