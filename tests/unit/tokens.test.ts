import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  SHORT_TOKEN_MAX_LENGTH,
  signShort,
  signToken,
  type TokenKeys,
  verifyShort,
  verifyToken,
} from "../../src/core/tokens";

const keys: TokenKeys = { current: "k1", keys: { k1: "first-secret-0123456789abcdef" } };
const rotated: TokenKeys = {
  current: "k2",
  keys: { k1: "first-secret-0123456789abcdef", k2: "second-secret-0123456789abcdef" },
};
const now = new Date("2025-03-01T12:00:00Z");
const later = new Date("2025-03-31T12:00:00Z");
const payload = { c: "contact-42", e: "enr-7", n: 3 };

/** The token with one character of part `index` changed. */
function tamper(token: string, index: number): string {
  const parts = token.split(".");
  const part = parts[index]!;
  const at = Math.floor(part.length / 2);
  parts[index] = part.slice(0, at) + (part[at] === "A" ? "B" : "A") + part.slice(at + 1);
  return parts.join(".");
}

describe("signToken / verifyToken", () => {
  it("round-trips the payload", () => {
    const token = signToken(keys, "unsubscribe", payload, later);
    expect(token).toMatch(/^k1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(keys, "unsubscribe", token, now)).toEqual({ ok: true, payload });
  });

  it("rejects a tampered payload or signature", () => {
    const token = signToken(keys, "click", payload, later);
    expect(verifyToken(keys, "click", tamper(token, 1), now)).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyToken(keys, "click", tamper(token, 2), now)).toEqual({ ok: false, reason: "bad-signature" });
    const [kid, , signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...payload, c: "someone-else", purpose: "click", exp: 2e9 }));
    expect(verifyToken(keys, "click", `${kid}.${forged.toString("base64url")}.${signature}`, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyToken(keys, "click", `${token.slice(0, -2)}`, now)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("rejects an expired token", () => {
    const token = signToken(keys, "task", payload, now);
    expect(verifyToken(keys, "task", token, new Date(now.getTime() - 1000)).ok).toBe(true);
    expect(verifyToken(keys, "task", token, now)).toEqual({ ok: false, reason: "expired" });
    expect(verifyToken(keys, "task", token, later)).toEqual({ ok: false, reason: "expired" });
  });

  it("rejects an unknown key id", () => {
    const token = signToken(
      { current: "k9", keys: { k9: "another-secret-0123456789" } },
      "click",
      payload,
      later,
    );
    expect(verifyToken(keys, "click", token, now)).toEqual({ ok: false, reason: "unknown-key" });
    const proto = `__proto__.${token.split(".")[1]}.${token.split(".")[2]}`;
    expect(verifyToken(keys, "click", proto, now)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("verifies tokens of an old key while it is listed, and not after", () => {
    const old = signToken(keys, "unsubscribe", payload, later);
    const fresh = signToken(rotated, "unsubscribe", payload, later);
    expect(fresh.startsWith("k2.")).toBe(true);
    expect(verifyToken(rotated, "unsubscribe", old, now).ok).toBe(true);
    expect(verifyToken(rotated, "unsubscribe", fresh, now).ok).toBe(true);
    const retired: TokenKeys = { current: "k2", keys: { k2: rotated.keys.k2! } };
    expect(verifyToken(retired, "unsubscribe", old, now)).toEqual({ ok: false, reason: "unknown-key" });
    expect(verifyToken(retired, "unsubscribe", fresh, now).ok).toBe(true);
  });

  it("rejects a token made for another purpose", () => {
    const token = signToken(keys, "click", payload, later);
    expect(verifyToken(keys, "unsubscribe", token, now)).toEqual({ ok: false, reason: "wrong-purpose" });
  });

  it("refuses reserved payload keys, bad values and a missing current key", () => {
    expect(() => signToken(keys, "click", { exp: 1 }, later)).toThrow(/reserved/);
    expect(() => signToken(keys, "click", { n: Number.NaN }, later)).toThrow(/finite/);
    expect(() => signToken({ current: "k2", keys: keys.keys }, "click", {}, later)).toThrow(/not among/);
    expect(() => signToken({ current: "k1", keys: { k1: "short" } }, "click", {}, later)).toThrow(
      /too short/,
    );
  });

  it("reports garbage as malformed without throwing", () => {
    for (const junk of ["", ".", "..", "k1..", "k1.a.b.c", "k1.!!.xx", "a.b", "k1.e30.", "x".repeat(5000)])
      expect(verifyToken(keys, "click", junk, now)).toMatchObject({ ok: false });
    expect(verifyToken(keys, "click", undefined as unknown as string, now)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("never throws on and never accepts random strings", () => {
    const valid = signToken(keys, "click", payload, later);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: "binary" }),
          fc.array(fc.stringMatching(/^[A-Za-z0-9_-]*$/), { maxLength: 4 }).map((p) => p.join(".")),
          fc.tuple(fc.nat(valid.length), fc.string()).map(([i, s]) => valid.slice(0, i) + s),
        ),
        (token) => {
          if (token === valid) return;
          const result = verifyToken(keys, "click", token, now);
          const short = verifyShort(keys, "reply", token, now);
          expect(result.ok).toBe(false);
          expect(short.ok).toBe(false);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe("signShort / verifyShort", () => {
  it("round-trips a message key in a reply address", () => {
    const token = signShort(keys, "reply", "m7k2q9x4", later);
    expect(token).toMatch(/^[a-z0-9]+$/);
    expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
    expect(verifyShort(keys, "reply", token, now)).toEqual({ ok: true, payload: "m7k2q9x4" });
    expect(verifyShort(keys, "reply", token.toUpperCase(), now)).toEqual({ ok: true, payload: "m7k2q9x4" });
  });

  it("fits the longest payload in 58 characters and refuses a longer one", () => {
    const longest = "a".repeat(SHORT_TOKEN_MAX_LENGTH - 1 - 2 - 7 - 16);
    expect(signShort(keys, "reply", longest, later)).toHaveLength(SHORT_TOKEN_MAX_LENGTH);
    expect(() => signShort(keys, "reply", `${longest}a`, later)).toThrow(/at most 32/);
    expect(() => signShort(keys, "reply", "contact-42|enr-7", later)).toThrow(/lowercase/);
  });

  it("rejects tampering, expiry, unknown keys and another purpose", () => {
    const token = signShort(keys, "reply", "abc123", later);
    const flipped = token.slice(0, 12) + (token[12] === "a" ? "b" : "a") + token.slice(13);
    expect(verifyShort(keys, "reply", flipped, now)).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyShort(keys, "reply", token, later)).toEqual({ ok: false, reason: "expired" });
    expect(verifyShort(keys, "task", token, now)).toEqual({ ok: false, reason: "bad-signature" });
    const other = signShort(
      { current: "k9", keys: { k9: "another-secret-0123456789" } },
      "reply",
      "abc",
      later,
    );
    expect(verifyShort(keys, "reply", other, now)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("verifies with an old key while it is listed", () => {
    const old = signShort(keys, "reply", "abc123", later);
    expect(verifyShort(rotated, "reply", old, now).ok).toBe(true);
    expect(verifyShort({ current: "k2", keys: { k2: rotated.keys.k2! } }, "reply", old, now)).toEqual({
      ok: false,
      reason: "unknown-key",
    });
  });

  it("reports garbage as malformed", () => {
    for (const junk of ["", "0", "1k", "reply+abc", "9abcdefgh", "x".repeat(59), "1k1abc"])
      expect(verifyShort(keys, "reply", junk, now)).toEqual({ ok: false, reason: "malformed" });
  });
});
