import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import { VIOLATION_CODES } from "../../src/compiler/violation";
import { expectBoundedParsing } from "../helpers/bounded-parsing";
import { parsedTexts } from "../helpers/json-parse-meter";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

vi.mock("jsonc-parser", async (importOriginal) =>
  (await import("../helpers/json-parse-meter")).meteredJsonc(await importOriginal()),
);

/** A small seeded generator (mulberry32): the same seed gives the same mutations on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const JUNK: Json[] = [
  null,
  true,
  0,
  -1,
  1e9,
  "",
  "x",
  "2 days",
  "Europe/Nowhere",
  [],
  {},
  { any: [] },
  "{{ nope }}",
  "{% if %}",
];

/** Applies one random change somewhere in the tree: drop, retype, rename or add a field. */
function mutate(node: Json, rnd: () => number, depth = 0): Json {
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  if (Array.isArray(node) && node.length && rnd() < 0.8) {
    const copy = [...node];
    const i = Math.floor(rnd() * copy.length);
    copy[i] = mutate(copy[i]!, rnd, depth + 1);
    return rnd() < 0.1 ? copy.reverse() : copy;
  }
  if (node && typeof node === "object" && !Array.isArray(node)) {
    const keys = Object.keys(node);
    const copy: { [key: string]: Json } = { ...node };
    const key = pick(keys);
    const roll = rnd();
    if (keys.length && roll < 0.5 && depth < 8) copy[key] = mutate(copy[key]!, rnd, depth + 1);
    else if (roll < 0.65) delete copy[key];
    else if (roll < 0.8) {
      copy[`${key}x`] = copy[key]!;
      delete copy[key];
    } else copy[keys.length ? key : "extra"] = pick(JUNK);
    return copy;
  }
  return pick(JUNK);
}

const samples = readdirSync(join(REPO, "workflows"))
  .filter((f) => f.endsWith(".json") && f !== "schema.json")
  .map((f) => ({ name: f, value: JSON.parse(readFileSync(join(REPO, "workflows", f), "utf8")) as Json }));

describe("the validator on randomly broken workflows (seeded)", () => {
  const base = loadWorkspace({ cwd: REPO });

  it("never throws, parses each broken file once within the size and depth limits, and reports only known codes", () => {
    const rnd = random(Number(process.env.FUZZ_SEED ?? 20261127));
    for (let run = 0; run < 400; run++) {
      const sample = samples[run % samples.length]!;
      let value = sample.value;
      for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) value = mutate(value, rnd);
      const file = `workflows/${sample.name}`;
      parsedTexts.length = 0;
      const found = validateInWorkspace(base, file, new TextEncoder().encode(JSON.stringify(value)));
      // Its work counted, not timed: one parse of a bounded text (src/compiler/parse/json-source.ts).
      expect(parsedTexts.length, "parses of the one file").toBe(1);
      expectBoundedParsing(1);
      for (const v of found) {
        expect(Object.keys(VIOLATION_CODES), JSON.stringify(v)).toContain(v.code);
        expect(v.message.length).toBeGreaterThan(10);
        expect(v.message).not.toMatch(/undefined|\[object Object\]/);
        expect(v.path === "" || v.path.startsWith("/")).toBe(true);
      }
    }
  });
});
