import type { HttpRequest } from "../../src/adapters/http/types";

/** How a test's request differs from a bare JSON one: its API key, body (as text), headers, query. */
export interface RequestParts {
  key?: string | null;
  body?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** A JSON request to the HTTP adapter, carrying `x-api-key` when a key is given. */
export function apiRequest(method: string, path: string, parts: RequestParts = {}): HttpRequest {
  const { key, body = "", headers = {}, query = {} } = parts;
  const credentials = key ? { "x-api-key": key } : {};
  return {
    method,
    path,
    body,
    query,
    headers: { "content-type": "application/json", ...credentials, ...headers },
  };
}
