/** Errors of the AWS and HTTPS adapters, and the classification of SDK errors they share. */
import { ErrorNames, HandoffError } from "../../core/errors";

/** The name Step Functions matches on for a send that must not be retried. */
export const PERMANENT_SEND_ERROR = ErrorNames.PermanentSendError;

/** A send the provider refused for good (paused or suspended account, rejected message, bad request). */
export class PermanentSendError extends HandoffError {
  constructor(
    /** The provider's error code, e.g. "MessageRejected" or "slack_http_404". */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(PERMANENT_SEND_ERROR, message);
    if (options && "cause" in options) this.cause = options.cause;
  }
}

/** What an AWS SDK (or fetch) error carries, read defensively. */
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  cause?: unknown;
}

function shape(err: unknown): ErrorShape {
  return typeof err === "object" && err !== null ? (err as ErrorShape) : {};
}

/** The error's name (the SDK sets it to the service's error code). */
export function errorName(err: unknown): string {
  const name = shape(err).name;
  return typeof name === "string" ? name : "";
}

/** The HTTP status the service answered with, if any. */
export function httpStatus(err: unknown): number | undefined {
  const status = shape(err).$metadata?.httpStatusCode;
  return typeof status === "number" ? status : undefined;
}

export function errorMessage(err: unknown): string {
  const message = shape(err).message;
  return typeof message === "string" ? message : String(err);
}

const THROTTLING_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestThrottled",
  "RequestThrottledException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
  "SlowDown",
  "KmsThrottlingException",
]);

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException", "AbortError"]);

/** Throttling, by name, status 429 or the SDK's own retry classification. */
export function isThrottling(err: unknown): boolean {
  const s = shape(err);
  return THROTTLING_NAMES.has(errorName(err)) || httpStatus(err) === 429 || s.$retryable?.throttling === true;
}

/** A connection that failed or timed out before the service answered (walks `cause`). */
export function isNetworkError(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const s = shape(current);
    if (typeof s.code === "string" && NETWORK_CODES.has(s.code)) return true;
    if (TIMEOUT_NAMES.has(errorName(current))) return true;
    current = s.cause;
  }
  return false;
}

/** Failures of the connection itself, before any byte of the request could be sent. */
const NOT_CONNECTED_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * A request that never reached the service: the connection was refused, the name did not resolve,
 * or the SDK's connection timeout ran out before a socket opened (@smithy/node-http-handler says
 * "did not establish a connection"). Walks `cause`. Anything else after connecting may have arrived.
 */
export function neverConnected(err: unknown): boolean {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const s = shape(current);
    if (typeof s.code === "string" && NOT_CONNECTED_CODES.has(s.code)) return true;
    if (errorName(current) === "TimeoutError" && /did not establish a connection/.test(errorMessage(current)))
      return true;
    current = s.cause;
  }
  return false;
}

/** A server-side failure (5xx or `$fault: "server"`). */
export function isServerFault(err: unknown): boolean {
  const status = httpStatus(err);
  return (status !== undefined && status >= 500) || shape(err).$fault === "server";
}

/** Worth retrying: throttling, a 5xx, or a network failure. */
export function isTransientAwsError(err: unknown): boolean {
  return isThrottling(err) || isServerFault(err) || isNetworkError(err);
}
