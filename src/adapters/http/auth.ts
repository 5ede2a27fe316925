import { createHmac, timingSafeEqual } from "node:crypto";
import { findKey } from "./keys";
import type { Scope } from "./scopes";
import type { HttpDeps, HttpRequest } from "./types";

/** Signed requests older or newer than this are refused (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** Who made an authenticated request: a configured key, or a signature (which acts as `ingest`). */
export interface Caller {
  /** `key:<name>` or `signed`: names the caller's rate counter. */
  id: string;
  /** For people: `key 'crm'`, `a signed request`. */
  label: string;
  scope: Scope;
  /** Requests per second; none: not throttled. */
  rate?: number;
}

export type Authentication = { ok: true; caller: Caller } | { ok: false; reason: string };

export interface SignedParts {
  method: string;
  path: string;
  body: string;
}

/** The hex HMAC-SHA256 of `<t>.<METHOD>.<path>.<body>`: what v2 signs. */
function mac(secret: string, request: SignedParts, unixSeconds: number): string {
  const text = `${unixSeconds}.${request.method.toUpperCase()}.${request.path}.${request.body}`;
  return createHmac("sha256", secret).update(text).digest("hex");
}

/**
 * Signs a request the way callers must: `t=<unix seconds>,v2=<hex HMAC-SHA256(secret,
 * "<t>.<METHOD>.<path>.<body>")>`, the path exactly as sent (no query string). Each signature is
 * accepted once: a retry is signed again.
 */
export function signRequest(secret: string, request: SignedParts, unixSeconds: number): string {
  return `t=${unixSeconds},v2=${mac(secret, request, unixSeconds)}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const HOW_TO_SIGN =
  'x-handoff-signature is t=<unix seconds>,v2=<hex HMAC-SHA256 of "<t>.<METHOD>.<path>.<body>">';

/** The caller of a request with a valid API key or signature; otherwise why not. */
export async function authenticate(deps: HttpDeps, request: HttpRequest): Promise<Authentication> {
  const presented = request.headers["x-api-key"];
  if (presented !== undefined) {
    const key = findKey(deps.auth.apiKeys, presented);
    if (!key) return { ok: false, reason: "the x-api-key is not a valid key" };
    const rate = key.rate === undefined ? {} : { rate: key.rate };
    return {
      ok: true,
      caller: { id: `key:${key.name}`, label: `key '${key.name}'`, scope: key.scope, ...rate },
    };
  }
  const signature = request.headers["x-handoff-signature"];
  if (signature === undefined)
    return { ok: false, reason: "send an x-api-key header, or sign the request in x-handoff-signature" };
  return verifySignature(deps, request, signature);
}

async function verifySignature(
  deps: HttpDeps,
  request: HttpRequest,
  signature: string,
): Promise<Authentication> {
  const parts = Object.fromEntries(
    signature.split(",").map((p) => p.trim().split("=", 2) as [string, string]),
  );
  const t = Number(parts.t);
  if (!parts.v2 && parts.v1)
    return {
      ok: false,
      reason: `v1 signatures (over the body alone) are no longer accepted: ${HOW_TO_SIGN}`,
    };
  if (!Number.isInteger(t) || !parts.v2) return { ok: false, reason: HOW_TO_SIGN };
  const now = deps.engine.clock.now();
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS)
    return { ok: false, reason: "the signature's timestamp is outside the 5-minute window" };
  const matches = deps.auth.signingSecrets.some((secret) => same(mac(secret, request, t), parts.v2!));
  if (!matches) return { ok: false, reason: "the signature does not match the method, path and body" };
  // Remembered until the window closes on it: after that its timestamp refuses it anyway.
  const expiresAt = new Date((t + SIGNATURE_TOLERANCE_SECONDS + 1) * 1000);
  if (!(await deps.engine.store.rememberOnce(`sig:${parts.v2}`, { now, expiresAt })))
    return {
      ok: false,
      reason: "this signature was used already (a replay): sign each request, retries too, anew",
    };
  const rate = deps.auth.signedRate === undefined ? {} : { rate: deps.auth.signedRate };
  return { ok: true, caller: { id: "signed", label: "a signed request", scope: "ingest", ...rate } };
}
