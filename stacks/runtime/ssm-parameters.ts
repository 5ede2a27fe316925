/**
 * SSM GetParameters (with decryption) over a signed fetch (src/adapters/aws/signed-fetch.ts): the
 * part of the SSM API the secret loader uses, without an SDK client in the bundle.
 */
import {
  type AwsConnection,
  awsDomain,
  lambdaAccess,
  signedFetch,
} from "../../src/adapters/aws/signed-fetch";
import { SecretsUnavailableError } from "../../src/core/errors";

export interface GetParametersAnswer {
  /** The parameters found, by name. */
  values: Map<string, string>;
  /** The names SSM has no parameter for. */
  invalid: string[];
}

/** GetParameters for any number of names (SSM takes 10 a call: more are split). */
export type GetParameters = (names: string[]) => Promise<GetParametersAnswer>;

/** SSM's endpoint is always known: AWS's or the override. */
export type SsmConnection = AwsConnection & { endpoint: URL };

/** SSM's limit of names per GetParameters call. */
const NAMES_PER_CALL = 10;

/** The connection a Lambda function has: its region, its role's credentials, SSM's endpoint (AWS_ENDPOINT_URL_SSM overrides it). */
export function ssmConnectionFromEnvironment(environment: NodeJS.ProcessEnv): SsmConnection {
  const access = lambdaAccess(
    environment,
    (missing) => new SecretsUnavailableError(`the bound secrets cannot be read: ${missing}`),
  );
  return {
    ...access,
    endpoint: new URL(
      environment.AWS_ENDPOINT_URL_SSM || `https://ssm.${access.region}.${awsDomain(access.region)}`,
    ),
  };
}

/** The JSON object SSM answered; empty when the answer is not JSON (a proxy's error page). */
function jsonObject(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** One GetParameters call (at most NAMES_PER_CALL names), retried while SSM throttles or fails. */
async function getParametersCall(connection: SsmConnection, names: string[]) {
  const { status, text } = await signedFetch(connection, {
    service: "ssm",
    method: "POST",
    url: connection.endpoint,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonSSM.GetParameters" },
    body: JSON.stringify({ Names: names, WithDecryption: true }),
  });
  if (status === 0) throw new SecretsUnavailableError(`SSM GetParameters failed: ${text}`);
  const answer = jsonObject(text);
  if (status >= 200 && status < 300)
    return answer as { Parameters?: Array<{ Name: string; Value: string }>; InvalidParameters?: string[] };
  throw new SecretsUnavailableError(
    `SSM GetParameters failed: ${status} ${String(answer.__type ?? "")}: ${String(answer.message ?? answer.Message ?? "")}`,
  );
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
