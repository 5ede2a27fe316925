/**
 * One AWS call over a SigV4-signed fetch (src/adapters/aws/sigv4.ts), retried while the service
 * throttles, fails (5xx) or does not answer: the calls Handoff makes without an SDK client (SSM's
 * GetParameters for the secrets, S3's GetObject and DeleteObject for raw mail).
 */
import { type AwsCredentials, sha256Hex, signRequest } from "./sigv4";

/** Where and as whom a function calls an AWS service. */
export interface AwsConnection {
  region: string;
  credentials: AwsCredentials;
  /** The service's endpoint when overridden (AWS_ENDPOINT_URL_<SERVICE>: a local server); AWS's own otherwise. */
  endpoint?: URL;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Tries of a call the service throttled, failed (5xx) or did not answer; 3 unless given. */
  attempts?: number;
  /** How long one try waits for the answer (AWS answers in milliseconds); 3 s unless given. */
  answerWithinMs?: number;
}

export interface AwsRequest {
  /** The signing name: `ssm`, `s3`. */
  service: string;
  method: string;
  url: URL;
  /** Lower-case names; all of them are signed. */
  headers: Record<string, string>;
  body?: string;
  /** Whether the service wants the body's hash as x-amz-content-sha256 too (S3 does). */
  contentSha256Header?: boolean;
}

/** The service's last answer, its body as text; status 0: no answer at all (`text` says why). */
export interface AwsAnswer {
  status: number;
  text: string;
}

/**
 * The region and credentials a Lambda function has (its role's, in its environment). Where they are
 * unset, throws the caller's typed error, made from what is missing.
 */
export function lambdaAccess(
  environment: NodeJS.ProcessEnv,
  unavailable: (missing: string) => Error,
): { region: string; credentials: AwsCredentials } {
  const region = environment.SST_REGION || environment.AWS_REGION;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = environment;
  if (!region || !accessKeyId || !secretAccessKey)
    throw unavailable(
      "AWS_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set (Lambda sets them)",
    );
  const sessionToken = environment.AWS_SESSION_TOKEN;
  return { region, credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } };
}

/** The DNS suffix of AWS's endpoints in `region` (China's partition has its own). */
export function awsDomain(region: string): string {
  return region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
}

/**
 * Throttled (429, or an error whose name says so: SSM answers 400 ThrottlingException), failed (5xx)
 * or not answered: worth another try. Only an error's body is read for it, never an object's.
 */
export function worthRetrying(answer: AwsAnswer): boolean {
  const { status, text } = answer;
  return status === 0 || status >= 500 || status === 429 || (status >= 400 && /Throttl/.test(text));
}

async function tryOnce(connection: AwsConnection, request: AwsRequest): Promise<AwsAnswer> {
  const body = request.body ?? "";
  const payloadHash = sha256Hex(body);
  const headers = signRequest(
    {
      method: request.method,
      url: request.url,
      headers: {
        ...request.headers,
        ...(request.contentSha256Header ? { "x-amz-content-sha256": payloadHash } : {}),
      },
      payloadHash,
    },
    { ...connection, service: request.service, at: (connection.now ?? (() => new Date()))() },
  );
  try {
    const response = await (connection.fetch ?? fetch)(request.url, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      signal: AbortSignal.timeout(connection.answerWithinMs ?? 3_000),
    });
    return { status: response.status, text: await response.text() };
  } catch (error) {
    return { status: 0, text: `no answer (${(error as Error).message})` };
  }
}

/** The call's answer: the first that is not worth retrying, or the last of `connection.attempts`. */
export async function signedFetch(connection: AwsConnection, request: AwsRequest): Promise<AwsAnswer> {
  const attempts = connection.attempts ?? 3;
  let answer: AwsAnswer = { status: 0, text: "no answer (no try)" };
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await new Promise((wake) => setTimeout(wake, 100 * 2 ** attempt));
    answer = await tryOnce(connection, request);
    if (!worthRetrying(answer)) break;
  }
  return answer;
}
