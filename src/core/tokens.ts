/**
 * Signed, expiring tokens for the links and addresses Handoff puts in emails: unsubscribe, click
 * redirect, task completion (`signToken`), and the reply-to address (`signShort`).
 *
 * Keys rotate: every token names the key that signed it; verification accepts any key still listed
 * in `keys`, signing always uses `current`. Remove a key id once the longest-lived token signed with
 * it has expired.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { base32Encode } from "./base32";

export interface TokenKeys {
  /** Key id that signs new tokens. */
  current: string;
  /** Key id → secret (at least 16 characters). */
  keys: Record<string, string>;
}

export type TokenFailure = "malformed" | "unknown-key" | "bad-signature" | "expired" | "wrong-purpose";

export type TokenPayload = Record<string, string | number>;

export type VerifyResult<P> = { ok: true; payload: P } | { ok: false; reason: TokenFailure };

/** Longest token `verifyToken` looks at; anything longer is malformed. */
const MAX_TOKEN_LENGTH = 4096;
/** Key ids of full tokens: no dots, since the dot separates the parts. */
const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const RESERVED = ["purpose", "exp"];

const fail = (reason: TokenFailure): { ok: false; reason: TokenFailure } => ({ ok: false, reason });

/** The secret of a listed key id, or undefined (own properties only: "__proto__" is no key id). */
function secretOf(keys: TokenKeys, kid: string): string | undefined {
  if (!Object.hasOwn(keys.keys, kid)) return undefined;
  const secret = keys.keys[kid];
  return typeof secret === "string" && secret.length > 0 ? secret : undefined;
}

function signingSecret(keys: TokenKeys): string {
  const secret = secretOf(keys, keys.current);
  if (secret === undefined) throw new Error(`token key "${keys.current}" (current) is not among the keys`);
  if (secret.length < 16)
    throw new Error(`token key "${keys.current}" is too short: use at least 16 characters`);
  return secret;
}

function expirySeconds(expiresAt: Date): number {
  const ms = expiresAt.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("expiresAt is not a valid date");
  return Math.floor(ms / 1000);
}

/** Constant-time comparison of two ASCII strings; a length mismatch is a plain mismatch. */
function sameString(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

function mac(secret: string, data: string): Buffer {
  return createHmac("sha256", secret).update(data, "utf8").digest();
}

/**
 * A token `<kid>.<base64url(JSON payload with purpose and exp)>.<base64url(HMAC-SHA256)>`, valid until
 * `expiresAt` (to the second, rounded down). Payload keys "purpose" and "exp" are reserved.
 */
export function signToken(keys: TokenKeys, purpose: string, payload: TokenPayload, expiresAt: Date): string {
  const kid = keys.current;
  if (!KEY_ID.test(kid)) throw new Error(`token key id "${kid}" must be 1-64 letters, digits, _ or -`);
  const secret = signingSecret(keys);
  for (const [key, value] of Object.entries(payload)) {
    if (RESERVED.includes(key)) throw new Error(`token payload key "${key}" is reserved`);
    if (typeof value === "number" ? !Number.isFinite(value) : typeof value !== "string")
      throw new TypeError(`token payload "${key}" must be a string or a finite number`);
  }
  const body = Buffer.from(
    JSON.stringify({ ...payload, purpose, exp: expirySeconds(expiresAt) }),
    "utf8",
  ).toString("base64url");
  const signed = `${kid}.${body}`;
  return `${signed}.${mac(secret, signed).toString("base64url")}`;
}

function parseBody(body: string): { purpose: string; exp: number; payload: TokenPayload } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const fields: Array<[string, string | number]> = [];
  let purpose: string | undefined;
  let exp: number | undefined;
  for (const [key, field] of Object.entries(value)) {
    if (key === "purpose") purpose = typeof field === "string" ? field : undefined;
    else if (key === "exp") exp = typeof field === "number" && Number.isFinite(field) ? field : undefined;
    else if (typeof field === "string" || (typeof field === "number" && Number.isFinite(field)))
      fields.push([key, field]);
    else return undefined;
  }
  if (purpose === undefined || exp === undefined) return undefined;
  // fromEntries defines own properties: a "__proto__" key stays a key, as signToken wrote it.
  return { purpose, exp, payload: Object.fromEntries(fields) };
}

/** Checks a token from `signToken`: its key, signature, purpose and expiry. Never throws. */
export function verifyToken(
  keys: TokenKeys,
  purpose: string,
  token: string,
  now: Date,
): VerifyResult<TokenPayload> {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return fail("malformed");
  const parts = token.split(".");
  if (parts.length !== 3) return fail("malformed");
  const [kid, body, signature] = parts as [string, string, string];
  if (!KEY_ID.test(kid) || !BASE64URL.test(body) || !BASE64URL.test(signature)) return fail("malformed");
  const secret = secretOf(keys, kid);
  if (secret === undefined) return fail("unknown-key");
  const expected = mac(secret, `${kid}.${body}`).toString("base64url");
  if (!sameString(expected, signature)) return fail("bad-signature");
  const parsed = parseBody(body);
  if (!parsed) return fail("malformed");
  if (parsed.purpose !== purpose) return fail("wrong-purpose");
  if (now.getTime() >= parsed.exp * 1000) return fail("expired");
  return { ok: true, payload: parsed.payload };
}

/*
 * Short tokens, for the reply address `reply+<token>@<domain>`. An address's local part holds at most
 * 64 characters and mail systems may change its case, so a short token is lowercase letters and digits
 * only and at most 58 characters ("reply+" plus 58 is 64):
 *
 *   <length of kid: 1 digit><kid: [a-z0-9]{1,9}><exp: 7 base-36 digits, seconds><payload><mac: 16 base32>
 *
 * The MAC is HMAC-SHA256 over (purpose, kid, exp, payload) truncated to 80 bits. The purpose is not in
 * the token, so a token made for another purpose fails as "bad-signature", never "wrong-purpose".
 *
 * A contact id, an enrollment id and a step id do not fit in 58 characters (a contact id alone may be
 * 128), so the payload is a short message key in [a-z0-9] (at most 58 - 24 - kid length characters;
 * 32 with a two-character kid): the sender stores the key with the send record and the reply handler
 * looks the record up by it.
 */

/** Longest short token: "reply+" and the token make a 64-character local part. */
export const SHORT_TOKEN_MAX_LENGTH = 58;
/** What a short token's payload and key id may contain. */
export const SHORT_PAYLOAD = /^[a-z0-9]+$/;
const SHORT_KEY_ID = /^[a-z0-9]{1,9}$/;
const EXP_DIGITS = 7;
const MAC_CHARS = 16;
function shortMac(secret: string, purpose: string, kid: string, exp: string, payload: string): string {
  const data = JSON.stringify(["handoff-short-v1", purpose, kid, exp, payload]);
  return base32Encode(mac(secret, data).subarray(0, (MAC_CHARS * 5) / 8));
}

/** A short [a-z0-9] token carrying `payload` (a message key in [a-z0-9]) until `expiresAt`. */
export function signShort(keys: TokenKeys, purpose: string, payload: string, expiresAt: Date): string {
  const kid = keys.current;
  if (!SHORT_KEY_ID.test(kid))
    throw new Error(`short tokens need a key id of 1-9 lowercase letters or digits, not "${kid}"`);
  const secret = signingSecret(keys);
  if (!SHORT_PAYLOAD.test(payload))
    throw new Error("a short token's payload must be lowercase letters and digits");
  const seconds = expirySeconds(expiresAt);
  if (seconds < 0 || seconds >= 36 ** EXP_DIGITS) throw new RangeError("expiresAt is out of range");
  const exp = seconds.toString(36).padStart(EXP_DIGITS, "0");
  const token = `${kid.length}${kid}${exp}${payload}${shortMac(secret, purpose, kid, exp, payload)}`;
  if (token.length > SHORT_TOKEN_MAX_LENGTH)
    throw new RangeError(
      `a short token's payload may have at most ${SHORT_TOKEN_MAX_LENGTH - token.length + payload.length} characters with key id "${kid}"`,
    );
  return token;
}

/** Checks a token from `signShort` (case-insensitively) and returns its payload. Never throws. */
export function verifyShort(
  keys: TokenKeys,
  purpose: string,
  token: string,
  now: Date,
): VerifyResult<string> {
  if (typeof token !== "string" || token.length > SHORT_TOKEN_MAX_LENGTH) return fail("malformed");
  const lower = token.toLowerCase();
  if (!SHORT_PAYLOAD.test(lower)) return fail("malformed");
  const kidLength = Number(lower[0]);
  if (!(kidLength >= 1 && kidLength <= 9)) return fail("malformed");
  const payloadStart = 1 + kidLength + EXP_DIGITS;
  const macStart = lower.length - MAC_CHARS;
  if (macStart <= payloadStart) return fail("malformed");
  const kid = lower.slice(1, 1 + kidLength);
  const exp = lower.slice(1 + kidLength, payloadStart);
  const payload = lower.slice(payloadStart, macStart);
  const secret = secretOf(keys, kid);
  if (secret === undefined) return fail("unknown-key");
  if (!sameString(shortMac(secret, purpose, kid, exp, payload), lower.slice(macStart)))
    return fail("bad-signature");
  if (now.getTime() >= Number.parseInt(exp, 36) * 1000) return fail("expired");
  return { ok: true, payload };
}
