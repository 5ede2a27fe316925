import { createHmac, timingSafeEqual } from "node:crypto";
import type { ApiAuth, HttpRequest } from "./types";

/** Signed requests older or newer than this are refused (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Signs a body the way callers must: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "t.body")>`. */
export function signBody(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

/** Undefined when the request carries a valid API key or HMAC signature; otherwise why not. */
export function authenticate(auth: ApiAuth, request: HttpRequest, now: Date): string | undefined {
  const key = request.headers["x-api-key"];
  if (key !== undefined) {
    return auth.apiKeys.some((k) => same(k, key)) ? undefined : "the x-api-key is not a valid key";
  }
  const signature = request.headers["x-handoff-signature"];
  if (signature === undefined) return "send an x-api-key header, or sign the body in x-handoff-signature";
  const parts = Object.fromEntries(
    signature.split(",").map((p) => p.trim().split("=", 2) as [string, string]),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return "x-handoff-signature must be t=<unix seconds>,v1=<hex HMAC>";
  if (Math.abs(now.getTime() / 1000 - t) > SIGNATURE_TOLERANCE_SECONDS)
    return "the signature's timestamp is outside the 5-minute window";
  const ok = auth.signingSecrets.some((secret) =>
    same(signBody(secret, request.body, t).split("v1=")[1]!, parts.v1!),
  );
  return ok ? undefined : "the signature does not match the body";
}
