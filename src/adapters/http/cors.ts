import type { HttpRequest, HttpResponse } from "./types";

/** Browser origins allowed to call the API (a stage's corsOrigins); none by default. */
export interface CorsConfig {
  origins: readonly string[];
}

/** What a preflight allows: the API's methods and the headers callers send (the stack uses them too). */
export const CORS_ALLOW_METHODS = ["GET", "POST", "DELETE"] as const;
export const CORS_ALLOW_HEADERS = ["content-type", "x-api-key", "x-handoff-signature"] as const;
export const CORS_EXPOSE_HEADERS = ["retry-after"] as const;
export const CORS_MAX_AGE_SECONDS = 600;

/** The request's Origin when it is exactly one of the configured origins. */
export function allowedOrigin(config: CorsConfig | undefined, request: HttpRequest): string | undefined {
  const origin = request.headers.origin;
  return origin !== undefined && config?.origins.includes(origin) ? origin : undefined;
}

/** The answer to a preflight (OPTIONS) from an allowed origin. */
export function preflight(origin: string): HttpResponse {
  return withCors(
    {
      status: 204,
      headers: {
        "access-control-allow-methods": CORS_ALLOW_METHODS.join(", "),
        "access-control-allow-headers": CORS_ALLOW_HEADERS.join(", "),
        "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
      },
      body: "",
    },
    origin,
  );
}

/** `response` as an allowed origin may read it (no credentials: keys travel in headers). */
export function withCors(response: HttpResponse, origin: string): HttpResponse {
  return {
    ...response,
    headers: {
      ...response.headers,
      "access-control-allow-origin": origin,
      "access-control-expose-headers": CORS_EXPOSE_HEADERS.join(", "),
      vary: "Origin",
    },
  };
}
