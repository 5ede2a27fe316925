import { describe, expect, it } from "vitest";
import { jsonSize } from "../../src/core/json-size";

const stringified = (value: unknown) => {
  const json = JSON.stringify(value);
  return json === undefined ? undefined : Buffer.byteLength(json);
};

/** A seeded stream (mulberry32): the same values every run. */
function stream(seed: number) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHARACTERS = [
  "a",
  "Z",
  "0",
  " ",
  '"',
  "\\",
  "\n",
  "\u0001",
  "\u007f",
  "é",
  "€",
  "\ud83d\ude00",
  "\ud800",
  "\u2028",
];

function randomValue(next: () => number, depth: number): unknown {
  const kind = Math.floor(next() * (depth > 3 ? 6 : 9));
  const text = () =>
    Array.from(
      { length: Math.floor(next() * 8) },
      () => CHARACTERS[Math.floor(next() * CHARACTERS.length)],
    ).join("");
  switch (kind) {
    case 0:
      return text();
    case 1:
      return [0, -0, 1.5, -12, 1e21, 1e-7, Number.NaN, Number.POSITIVE_INFINITY][Math.floor(next() * 8)];
    case 2:
      return next() < 0.5;
    case 3:
      return null;
    case 4:
      return undefined;
    case 5:
      return new Date(Math.floor(next() * 4e12));
    case 6:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 5) }, () => [text(), randomValue(next, depth + 1)]),
      );
  }
}

describe("jsonSize: the UTF-8 bytes of a value's JSON, without writing it", () => {
  it("agrees with JSON.stringify on the values it has special cases for", () => {
    const cases: unknown[] = [
      "plain",
      'quote " and \\ backslash',
      "line\nbreak and \u0000",
      "é€\ud83d\ude00 and a lone \udc00",
      0,
      -0,
      3.25,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      true,
      false,
      null,
      [undefined, () => 1, Symbol("s"), 1],
      { skipped: undefined, fn: () => 1, kept: 1, [Symbol("s")]: 2 },
      { at: new Date(0), nested: { list: [{}, []] } },
      new Map([["a", 1]]),
      Object.assign(Object.create(null), { bare: "object" }),
      new String("wrapped"),
      new Number(7),
      { toJSON: () => ({ replaced: true }) },
    ];
    for (const value of cases) expect(jsonSize(value), JSON.stringify(value)).toBe(stringified(value));
  });

  it("is undefined where JSON.stringify writes nothing", () => {
    expect(jsonSize(undefined)).toBeUndefined();
    expect(jsonSize(() => 1)).toBeUndefined();
    expect(jsonSize(Symbol("s"))).toBeUndefined();
  });

  it("agrees with JSON.stringify on 2,000 random values", () => {
    const next = stream(17);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 0);
      expect(jsonSize(value), JSON.stringify(value)).toBe(stringified(value));
    }
  });
});
