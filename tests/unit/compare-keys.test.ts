import { describe, expect, it } from "vitest";
import { compareKeys } from "../../src/adapters/single-table/keys";

/** DynamoDB's order: the keys' UTF-8 bytes. */
const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

const UNITS = [
  "a",
  "b",
  "#",
  "~",
  "\u007f",
  "é",
  "\ud7ff",
  "\ud800",
  "\udbff",
  "\udc00",
  "\ue000",
  "\uffff",
  "\ud83d\ude00",
  "\ud83d\ude01",
];

describe("compareKeys: DynamoDB's order of string keys", () => {
  it("orders every pair of short keys as their UTF-8 bytes do", () => {
    const keys = [""];
    for (const first of UNITS) {
      keys.push(first);
      for (const second of UNITS) keys.push(first + second);
    }
    const wrong = keys.flatMap((a) =>
      keys.filter((b) => compareKeys(a, b) !== byBytes(a, b)).map((b) => `${escape(a)} ${escape(b)}`),
    );
    expect(wrong).toEqual([]);
  });

  it("puts U+E000 after an astral character, unlike JavaScript's < on UTF-16", () => {
    expect("\ue000" < "\ud83d\ude00").toBe(false);
    expect(compareKeys("\ue000", "\ud83d\ude00")).toBe(-1);
    expect(compareKeys("EV#2026-03-02T00:00:00.000Z#a", "EV#2026-03-02T00:00:00.000Z#b")).toBe(-1);
    expect(compareKeys("ENR#x#000002", "ENR#x#000002")).toBe(0);
    expect(compareKeys("ENR#x", "ENR#x#000001")).toBe(-1);
  });
});
