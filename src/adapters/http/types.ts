import type { EngineDeps } from "../../core/engine/deps";
import type { PrivacyPorts } from "../../core/engine/privacy";
import { escapeHtml } from "../../core/render/preheader";
import type { CorsConfig } from "./cors";
import type { ApiKey } from "./keys";

/** An HTTP request as the API handlers see it (API Gateway and the local server map to this). */
export interface HttpRequest {
  method: string;
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  body: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ApiAuth {
  /** Accepted `x-api-key` values, each with its name, scope and rate (src/adapters/http/keys.ts). */
  apiKeys: readonly ApiKey[];
  /**
   * Secrets for `x-handoff-signature: t=<unix seconds>,v2=<hex HMAC-SHA256 of
   * "<t>.<METHOD>.<path>.<body>">` (src/adapters/http/auth.ts); a signed request acts as `ingest`.
   */
  signingSecrets: readonly string[];
  /** Requests per second of all signed requests together; none: not throttled. */
  signedRate?: number;
}

export interface HttpDeps {
  engine: EngineDeps;
  auth: ApiAuth;
  /** What erasure and export reach besides the store; without it those routes answer 501. */
  privacy?: PrivacyPorts;
  /** Browser origins CORS answers; without it, none (no CORS headers at all). */
  cors?: CorsConfig;
}

/** Largest accepted body of POST /events and /tasks; /enroll takes batches up to MAX_ENROLL_BYTES. */
export const MAX_BODY_BYTES = 256 * 1024;
export const MAX_ENROLL_BYTES = 1024 * 1024;

export function json(status: number, body: unknown): HttpResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
    body: JSON.stringify(body),
  };
}

/** A 4xx with a reason a caller can act on. */
export function problem(status: number, error: string, reason: string): HttpResponse {
  return json(status, { error, reason });
}

/** 405 for a method the route does not take, with the ones it does (`allow`). */
export function notAllowed(allow: string): HttpResponse {
  const response = problem(405, "method-not-allowed", `use ${allow}`);
  return { ...response, headers: { ...response.headers, allow } };
}

/** A small self-contained HTML page (unsubscribe confirmation and errors). */
export function page(status: number, title: string, bodyHtml: string): HttpResponse {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2937}button{font-size:1rem;padding:.6rem 1.4rem;border:0;border-radius:6px;background:#4f46e5;color:#fff;cursor:pointer}</style></head><body><h1>${escapeHtml(title)}</h1>${bodyHtml}</body></html>`;
  return {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
    },
    body: html,
  };
}
