import type { Command } from "commander";
import { UsageError } from "./usage";

export interface ApiTarget {
  url: string;
  key: string;
}

/** The --api and --api-key options every command that talks to a deployed Handoff takes. */
export function apiOptions(command: Command): Command {
  return command
    .option("--api <url>", "Handoff API base URL (default: $HANDOFF_API_URL)")
    .option("--api-key <key>", "API key (default: $HANDOFF_API_KEY)");
}

/** The API to call; a UsageError saying what is missing when the URL or the key is. */
export function apiTarget(options: { api?: string; apiKey?: string }): ApiTarget {
  const url = options.api ?? process.env.HANDOFF_API_URL;
  const key = options.apiKey ?? process.env.HANDOFF_API_KEY;
  if (!url || !key)
    throw new UsageError("give --api and --api-key (or set HANDOFF_API_URL and HANDOFF_API_KEY)");
  if (!/^https?:\/\/[^\s/]+/.test(url)) throw new UsageError(`--api must be an http(s) URL, not '${url}'`);
  return { url: url.replace(/\/+$/, ""), key };
}

/** The API could not be reached at all (no server at the URL, DNS, refused connection). */
export class ApiUnreachableError extends Error {
  override name = "ApiUnreachableError";
}

/** The API answered with an error status; `reason` is its own explanation. */
export class ApiAnswerError extends Error {
  override name = "ApiAnswerError";
  constructor(
    message: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** An answer of the API: its status, its JSON body ({} when none) and its headers. */
export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** One call with the key, whatever the status; ApiUnreachableError when nothing answers. */
export async function requestApi(
  target: ApiTarget,
  method: "GET" | "POST" | "DELETE",
  path: string,
  body?: unknown,
): Promise<ApiAnswer> {
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      "x-api-key": target.key,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).catch((error: unknown) => {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new ApiUnreachableError(`cannot reach ${target.url}${cause ? ` (${cause})` : ""}`);
  });
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, body: parsed, headers: response.headers };
}

/** What an answer gives as its reason (the API's `reason`, else its `error` code). */
export function apiReason(body: Record<string, unknown>): string {
  return String(body.reason ?? body.error ?? body.message ?? "");
}

/** The body of a 2xx answer; ApiAnswerError, naming `what` and the API's reason, otherwise. */
export function expectOk(answer: Pick<ApiAnswer, "status" | "body">, what: string): Record<string, unknown> {
  if (answer.status >= 200 && answer.status < 300) return answer.body;
  const reason = apiReason(answer.body);
  throw new ApiAnswerError(
    `${what} answered ${answer.status}${reason ? `: ${reason}` : ""}`,
    answer.status,
    reason,
  );
}

/**
 * Calls the API with its key; the parsed JSON body. Throws ApiUnreachableError when nothing answers
 * and ApiAnswerError (with the API's reason) on an error status.
 */
export async function callApi(
  target: ApiTarget,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  return expectOk(await requestApi(target, method, path, body), `${method} ${path}`);
}

/**
 * A GET of the read API for a command: its JSON body. Nothing answering, or a 4xx (a bad parameter,
 * a wrong key, an unknown id), is a UsageError with the API's reason (exit 2); a 5xx exits 1.
 */
export async function readApi(target: ApiTarget, path: string): Promise<Record<string, unknown>> {
  return commandCall(target, "GET", path);
}

/** Any call of a command (readApi's rules): a 4xx or nothing answering is a one-line UsageError (exit 2), a 5xx exits 1. */
export async function commandCall(
  target: ApiTarget,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  try {
    return await callApi(target, method, path, body);
  } catch (error) {
    if (error instanceof ApiUnreachableError)
      throw new UsageError(`${error.message}: check --api (or HANDOFF_API_URL) and that the API is up`);
    if (!(error instanceof ApiAnswerError)) throw error;
    const why = error.reason ? `: ${error.reason}` : "";
    throw new UsageError(`the API answered ${error.status}${why}`, error.status < 500 ? 2 : 1);
  }
}
