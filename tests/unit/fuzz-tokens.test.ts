import { timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { findKey } from "../../src/adapters/http/keys";
import {
  SHORT_TOKEN_MAX_LENGTH,
  signShort,
  signToken,
  type TokenKeys,
  type TokenPayload,
  verifyShort,
  verifyToken,
} from "../../src/core/tokens";
import { REPO } from "../helpers/workspace";

// The real node:crypto, with timingSafeEqual watched: the verifiers must compare MACs through it.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

// Property-based fuzzing of the token verifier: fixed seed, bounded runs.
const SEED = Number(process.env.FUZZ_SEED ?? 20260308);
const settings = { seed: SEED, numRuns: 200 };

const NOW = new Date("2026-03-10T12:00:00Z");
const LATER = new Date("2027-03-10T12:00:00Z");

const kid = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
const shortKid = fc.stringMatching(/^[a-z0-9]{1,4}$/);
const secret = fc.string({ minLength: 16, maxLength: 40 });
const purpose = fc.constantFrom("click", "unsubscribe", "task", "reply");
/** Two different key ids with their secrets (different secrets too). */
const twoKeys = (ids: fc.Arbitrary<string>) =>
  fc
    .tuple(ids, ids, secret, secret)
    .filter(([a, b, x, y]) => a !== b && x !== y)
    .map(([a, b, x, y]) => ({ a, b, keys: { [a]: x, [b]: y } as Record<string, string> }));

const payloadKey = fc
  .oneof(
    fc.constantFrom("c", "e", "s", "l", "__proto__", "constructor", "toString"),
    fc.string({ maxLength: 8 }),
  )
  .filter((k) => k !== "purpose" && k !== "exp");
const payloadValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
/** Payloads as plain objects with own keys only ("__proto__" included, as JSON would have it). */
const payload: fc.Arbitrary<TokenPayload> = fc
  .uniqueArray(fc.tuple(payloadKey, payloadValue), { maxLength: 6, selector: ([k]) => k })
  .map((entries) => Object.fromEntries(entries));
/** What JSON makes of a payload: -0 becomes 0. */
const normalized = (p: TokenPayload) =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Object.is(v, -0) ? 0 : v]));

const future = fc.integer({ min: 1, max: 400 * 86400 }).map((s) => new Date(NOW.getTime() + s * 1000));
const shortPayload = fc.stringMatching(/^[a-z0-9]{1,20}$/);

/** One change to a token: a character replaced, the token cut short, or extended. */
type Change =
  | { kind: "replace"; at: number; by: string }
  | { kind: "cut"; at: number }
  | { kind: "extend"; tail: string };
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    by: fc.oneof(
      fc.string({ minLength: 1, maxLength: 1 }),
      fc.constantFrom(..."ABZaz09-_.=+/~ \u00e9\u0000"),
    ),
  }),
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("extend" as const), tail: fc.string({ minLength: 1, maxLength: 8 }) }),
);

function applyChange(
  token: string,
  c: Change,
  sameChar: (a: string, b: string) => boolean,
): string | undefined {
  if (c.kind === "cut") return token.slice(0, c.at % token.length);
  if (c.kind === "extend") return token + c.tail;
  const i = c.at % token.length;
  if (sameChar(token[i]!, c.by)) return undefined;
  return token.slice(0, i) + c.by + token.slice(i + 1);
}

describe("signToken / verifyToken under fuzzing (fast-check, fixed seed)", () => {
  it("round-trips arbitrary payloads under arbitrary key ids, secrets and purposes", () => {
    fc.assert(
      fc.property(kid, secret, purpose, payload, future, (k, s, p, body, until) => {
        const keys: TokenKeys = { current: k, keys: { [k]: s } };
        const token = signToken(keys, p, body, until);
        expect(verifyToken(keys, p, token, NOW)).toEqual({ ok: true, payload: normalized(body) });
      }),
      settings,
    );
  });

  it("never accepts (nor throws on) a token with one character changed, cut short or extended", () => {
    fc.assert(
      fc.property(kid, secret, purpose, payload, change, (k, s, p, body, c) => {
        const keys: TokenKeys = { current: k, keys: { [k]: s } };
        const token = signToken(keys, p, body, LATER);
        const changed = applyChange(token, c, (a, b) => a === b);
        fc.pre(changed !== undefined && changed !== token);
        expect(verifyToken(keys, p, changed!, NOW).ok).toBe(false);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("never accepts (nor throws on) arbitrary strings", () => {
    const keys: TokenKeys = { current: "k1", keys: { k1: "first-secret-0123456789abcdef" } };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: "binary", maxLength: 200 }),
          fc
            .tuple(fc.constantFrom("k1", "k2", "__proto__"), fc.base64String(), fc.base64String())
            .map((parts) => parts.join(".").replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "")),
          fc.constantFrom("", ".", "..", "k1..", "x".repeat(5000), "k1.e30.AAAA"),
        ),
        purpose,
        (junk, p) => {
          expect(verifyToken(keys, p, junk, NOW).ok).toBe(false);
          expect(verifyShort(keys, p, junk, NOW).ok).toBe(false);
        },
      ),
      settings,
    );
  });

  it("refuses a token at and after its expiry, and accepts it before", () => {
    fc.assert(
      fc.property(
        kid,
        secret,
        payload,
        future,
        fc.integer({ min: -5000, max: 5000 }),
        (k, s, body, until, skew) => {
          const keys: TokenKeys = { current: k, keys: { [k]: s } };
          const token = signToken(keys, "click", body, until);
          const expiry = Math.floor(until.getTime() / 1000) * 1000;
          const at = new Date(expiry + skew);
          const result = verifyToken(keys, "click", token, at);
          expect(result.ok).toBe(at.getTime() < expiry);
          if (!result.ok) expect(result.reason).toBe("expired");
        },
      ),
      settings,
    );
  });

  it("verifies an old key id while it is listed, refuses it once removed, and refuses a false key id", () => {
    fc.assert(
      fc.property(twoKeys(kid), payload, purpose, ({ a, b, keys }, body, p) => {
        const before: TokenKeys = { current: a, keys: { [a]: keys[a]! } };
        const rotated: TokenKeys = { current: b, keys };
        const retired: TokenKeys = { current: b, keys: { [b]: keys[b]! } };
        const old = signToken(before, p, body, LATER);
        expect(verifyToken(rotated, p, old, NOW).ok).toBe(true);
        expect(verifyToken(retired, p, old, NOW)).toEqual({ ok: false, reason: "unknown-key" });
        expect(verifyToken(rotated, p, signToken(rotated, p, body, LATER), NOW).ok).toBe(true);
        // Signed with a's secret, claiming to be b's.
        const [, rest, mac] = old.split(".");
        expect(verifyToken(rotated, p, `${b}.${rest}.${mac}`, NOW)).toEqual({
          ok: false,
          reason: "bad-signature",
        });
      }),
      settings,
    );
  });
});

describe("signShort / verifyShort under fuzzing (fast-check, fixed seed)", () => {
  const sameLetter = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

  it("round-trips arbitrary payloads, in either case", () => {
    fc.assert(
      fc.property(shortKid, secret, purpose, shortPayload, future, (k, s, p, body, until) => {
        const keys: TokenKeys = { current: k, keys: { [k]: s } };
        const token = signShort(keys, p, body, until);
        expect(token.length).toBeLessThanOrEqual(SHORT_TOKEN_MAX_LENGTH);
        expect(verifyShort(keys, p, token, NOW)).toEqual({ ok: true, payload: body });
        expect(verifyShort(keys, p, token.toUpperCase(), NOW)).toEqual({ ok: true, payload: body });
      }),
      settings,
    );
  });

  it("never accepts a short token with one character changed (other than its case), cut or extended", () => {
    fc.assert(
      fc.property(shortKid, secret, shortPayload, change, (k, s, body, c) => {
        const keys: TokenKeys = { current: k, keys: { [k]: s } };
        const token = signShort(keys, "reply", body, LATER);
        // Mail systems may change the case of an address: a short token is read case-insensitively.
        const changed = applyChange(token, c, sameLetter);
        fc.pre(changed !== undefined && changed.toLowerCase() !== token);
        expect(verifyShort(keys, "reply", changed!, NOW).ok).toBe(false);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("refuses expired short tokens, retired keys and a false key id", () => {
    fc.assert(
      fc.property(
        twoKeys(shortKid),
        shortPayload,
        future,
        fc.integer({ min: -5000, max: 5000 }),
        (pair, body, until, skew) => {
          const { a, b, keys } = pair;
          const old = signShort({ current: a, keys: { [a]: keys[a]! } }, "reply", body, until);
          const expiry = Math.floor(until.getTime() / 1000) * 1000;
          const at = new Date(expiry + skew);
          const rotated: TokenKeys = { current: b, keys };
          expect(verifyShort(rotated, "reply", old, at).ok).toBe(at.getTime() < expiry);
          expect(verifyShort({ current: b, keys: { [b]: keys[b]! } }, "reply", old, NOW)).toEqual({
            ok: false,
            reason: "unknown-key",
          });
          const claimed = `${b.length}${b}${old.slice(1 + a.length)}`;
          expect(verifyShort(rotated, "reply", claimed, NOW).ok).toBe(false);
        },
      ),
      settings,
    );
  });
});

describe("constant-time comparison", () => {
  const keys: TokenKeys = { current: "k1", keys: { k1: "first-secret-0123456789abcdef" } };
  const spy = vi.mocked(timingSafeEqual);
  beforeEach(() => {
    spy.mockClear();
  });

  it("compares a full token's MAC with crypto.timingSafeEqual, whatever the forged MAC", () => {
    const token = signToken(keys, "click", { c: "c1" }, LATER);
    const [k, body, mac] = token.split(".") as [string, string, string];
    fc.assert(
      fc.property(fc.stringMatching(new RegExp(`^[A-Za-z0-9_-]{${mac.length}}$`)), (forged) => {
        fc.pre(forged !== mac);
        spy.mockClear();
        expect(verifyToken(keys, "click", `${k}.${body}.${forged}`, NOW)).toEqual({
          ok: false,
          reason: "bad-signature",
        });
        expect(spy).toHaveBeenCalledTimes(1);
        const [x, y] = spy.mock.calls[0]! as [Buffer, Buffer];
        expect(x.length).toBe(y.length);
      }),
      { seed: SEED, numRuns: 50 },
    );
    verifyToken(keys, "click", token, NOW);
    expect(spy).toHaveBeenCalled();
  });

  it("compares a short token's MAC and the API key with crypto.timingSafeEqual", () => {
    const token = signShort({ current: "k1", keys: keys.keys }, "reply", "abc", LATER);
    const forged = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
    expect(verifyShort(keys, "reply", forged, NOW).ok).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockClear();
    const apiKeys = [
      { name: "a", key: "good-key-01234567890", scope: "ingest" as const },
      { name: "b", key: "other-key-0123456789abc", scope: "admin" as const },
    ];
    expect(findKey(apiKeys, "wrong-key-0123456789")).toBeUndefined();
    // Every configured key is compared, on digests of one length, whichever matches.
    expect(spy).toHaveBeenCalledTimes(2);
    expect(findKey(apiKeys, "good-key-01234567890")?.name).toBe("a");
    expect(spy).toHaveBeenCalledTimes(4);
    for (const [x, y] of spy.mock.calls as Array<[Buffer, Buffer]>) expect(x.length).toBe(y.length);
  });

  it("has no plain string comparison of a MAC or key in the source", () => {
    const tokens = readFileSync(join(REPO, "src/core/tokens.ts"), "utf8");
    const auth = readFileSync(join(REPO, "src/adapters/http/auth.ts"), "utf8");
    const keyList = readFileSync(join(REPO, "src/adapters/http/keys.ts"), "utf8");
    for (const source of [tokens, auth, keyList]) {
      expect(source).toMatch(/import \{[^}]*timingSafeEqual[^}]*\} from "node:crypto"/);
      expect(source).toMatch(/timingSafeEqual\(/);
      // No `===` / `!==` against a MAC, a signature or a key.
      expect(source).not.toMatch(/(?:mac|signature|expected|key|v1)\w*\s*[!=]==\s*(?!undefined\b)\w/i);
    }
  });
});
