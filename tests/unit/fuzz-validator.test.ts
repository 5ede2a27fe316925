import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import { MAX_DEPTH } from "../../src/compiler/parse/json-source";
import { VIOLATION_CODES, type Violation } from "../../src/compiler/violation";
import type { Workspace } from "../../src/compiler/workspace";
import { FILE_KINDS } from "../../src/core/language";
import { fieldName, type Json, junk, mutated } from "../helpers/json-mutation";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

// Property-based fuzzing of the validator (parse → check): fixed seed, bounded runs, so `npm test`
// is reproducible. FUZZ_SEED overrides the seed to explore further by hand.
const SEED = Number(process.env.FUZZ_SEED ?? 20260306);
const RUNS = 100;

const real = loadWorkspace({ cwd: REPO });
/**
 * The sample workspace, lighter: each template reduced to its footer and its tracked links (what
 * the link check reads). That does not change what is found in the fuzzed file; rendering the
 * whole templates again on every run would only slow the runs down. The scenarios stay: they name
 * events the workflows listen to.
 */
const base: Workspace = {
  ...real,
  templates: new Map(
    [...real.templates.values()].map((t) => [
      t.id,
      {
        id: t.id,
        html: {
          file: `templates/${t.id}.html`,
          format: "html",
          text: [
            "{{ unsubscribeUrl }} {{ settings.postalAddress }}",
            ...[t.html?.text, t.text?.text].flatMap((part) =>
              [...(part ?? "").matchAll(/\{\{[^}]*\|\s*track:[^}]*\}\}/g)].map((m) => m[0]),
            ),
          ].join("\n"),
        },
      },
    ]),
  ),
};

const samples = [
  ...readdirSync(join(REPO, "workflows"))
    .filter((f) => f.endsWith(".json") && f !== "schema.json")
    .map((f) => `workflows/${f}`),
  ...readdirSync(join(REPO, "workflows/tests")).map((f) => `workflows/tests/${f}`),
].map((file) => ({ file, value: JSON.parse(readFileSync(join(REPO, file), "utf8")) as Json }));

const CODES = new Set(Object.keys(VIOLATION_CODES));
/** Codes whose path may name a field the document lacks (its parent exists). */
const ABSENT_LEAF = new Set(["missing-field", "missing-kind"]);
const POINTER = /^(?:\/(?:[^~/]|~[01])*)*$/;

/** The node a JSON Pointer (RFC 6901) names in `doc`, or `found: false` when it names nothing. */
function resolvePointer(doc: unknown, path: string): { found: true; node: unknown } | { found: false } {
  let node = doc;
  for (const raw of path.split("/").slice(1)) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node)) {
      if (!/^(?:0|[1-9]\d*)$/.test(key) || Number(key) >= node.length) return { found: false };
      node = node[Number(key)];
    } else if (node !== null && typeof node === "object" && Object.hasOwn(node, key)) {
      node = (node as Record<string, unknown>)[key];
    } else return { found: false };
  }
  return { found: true, node };
}

function parent(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

/** What every answer of the validator must look like, for the file `file` whose text is `text`. */
function expectWellFormed(file: string, text: string, violations: Violation[]): void {
  let doc: unknown;
  let isJson = true;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, "")); // the validator reads a UTF-8 BOM as nothing
  } catch {
    isJson = false;
  }
  for (const v of violations) {
    const where = JSON.stringify(v);
    expect(CODES.has(v.code), where).toBe(true);
    expect(["error", "warning"], where).toContain(v.severity);
    expect(v.message.length, where).toBeGreaterThan(10);
    expect(v.message, where).not.toMatch(/undefined|\[object Object\]/);
    expect(v.path, where).toMatch(POINTER);
    if (v.file !== file) continue;
    if (!isJson) {
      expect(v.path, where).toBe("");
      continue;
    }
    const at = resolvePointer(doc, v.path);
    if (at.found) continue;
    // A missing field points where it belongs: the object that lacks it.
    expect(ABSENT_LEAF.has(v.code), `${where} names nothing in the file`).toBe(true);
    const holder = resolvePointer(doc, parent(v.path));
    expect(holder.found && typeof holder.node === "object" && holder.node !== null, where).toBe(true);
  }
}

const encode = (text: string) => new TextEncoder().encode(text);

/** Validates, checks the shape of the answer, and checks that a second run answers the same. */
function validateTwice(file: string, text: string): Violation[] {
  const first = validateInWorkspace(base, file, encode(text));
  expectWellFormed(file, text, first);
  expect(validateInWorkspace(base, file, encode(text))).toEqual(first);
  return first;
}

describe("the validator under fuzzing (fast-check, fixed seed)", () => {
  it("answers arbitrary text and bytes with well-formed violations, never throwing", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.json({ maxDepth: 4 }),
      fc.json({ maxDepth: 3 }).map((j) => j.slice(0, Math.max(0, j.length - 1))),
      fc.nat({ max: MAX_DEPTH * 2 }).map((n) => "[".repeat(n) + "]".repeat(n)),
      fc.constantFrom("", " \n", "\uFEFF{}", '{"kind": "campaign",}', "{'kind': 1}", '{"a":1,"a":2}'),
    );
    fc.assert(
      fc.property(text, (t) => {
        const file = "workflows/fuzz.json";
        const violations = validateTwice(file, t);
        expect(violations.some((v) => v.file === file && v.severity === "error")).toBe(true);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const file = "workflows/fuzz.json";
        const first = validateInWorkspace(base, file, bytes);
        for (const v of first) expect(CODES.has(v.code), JSON.stringify(v)).toBe(true);
        expect(validateInWorkspace(base, file, bytes)).toEqual(first);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("answers arbitrary JSON values of every kind with well-formed violations", () => {
    const value = fc.oneof(
      fc.jsonValue({ maxDepth: 4 }),
      fc
        .tuple(
          fc.constantFrom(...FILE_KINDS),
          fc.dictionary(fieldName, junk, { maxKeys: 6 }),
          fc.constantFrom(undefined, 1, 2, "1"),
        )
        .map(([kind, rest, schemaVersion]) => ({
          ...rest,
          kind,
          ...(schemaVersion ? { schemaVersion } : {}),
        })),
    );
    fc.assert(
      fc.property(value, fc.constantFrom(...samples.map((s) => s.file)), (v, file) => {
        validateTwice(file, JSON.stringify(v));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it("answers mutated sample workflows (drop, rename, retype, insert) with well-formed violations", () => {
    const sample = fc
      .constantFrom(...samples)
      .chain(({ file, value }) => fc.record({ file: fc.constant(file), value: mutated(value) }));
    fc.assert(
      fc.property(sample, fc.boolean(), fc.boolean(), ({ file, value }, pretty, bom) => {
        validateTwice(file, `${bom ? "\uFEFF" : ""}${JSON.stringify(value, null, pretty ? 2 : undefined)}`);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it("survives prototype names (__proto__, constructor, …) in every text field of every sample", () => {
    // Found by fuzzing: "days": "__proto__" made the send-window check split Object.prototype.
    const replaceText = (node: Json, word: string): Json =>
      typeof node === "string"
        ? word
        : Array.isArray(node)
          ? node.map((n) => replaceText(n, word))
          : node && typeof node === "object"
            ? Object.fromEntries(
                Object.entries(node).map(([k, v]) => [k, k === "kind" ? v : replaceText(v, word)]),
              )
            : node;
    for (const word of ["__proto__", "constructor", "toString"])
      for (const { file, value } of samples) validateTwice(file, JSON.stringify(replaceText(value, word)));
  });

  it("finds nothing wrong in the unmutated samples (the mutations are what the violations are about)", () => {
    for (const { file, value } of samples)
      expect(validateTwice(file, JSON.stringify(value, null, 2))).toEqual([]);
  });
});
