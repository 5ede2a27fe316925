import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONDITION_KEYS, FILE_KINDS, STEP_TYPES } from "../../src/core/language";
import { MERGE_FIELD_NAMES } from "../../src/core/merge-fields";
import { REPO } from "../helpers/workspace";

/**
 * docs/campaign-language.md is the marketer's reference: every name a file of the language can
 * hold (workflows/schema.json, generated from the validator's schemas) must be explained there.
 */
const DOC = join(REPO, "docs/campaign-language.md");
const doc = existsSync(DOC) ? readFileSync(DOC, "utf8") : "";
const schema = JSON.parse(readFileSync(join(REPO, "workflows/schema.json"), "utf8")) as unknown;

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** Keywords whose value is a schema, or a list or map of schemas, to walk into. */
const SCHEMA_ARRAYS = ["anyOf", "oneOf", "allOf"];
const SCHEMA_MAPS = ["properties", "definitions", "$defs"];
const SCHEMA_VALUES = ["items", "additionalProperties", "propertyNames", "not", "if", "then", "else"];

interface Names {
  properties: Set<string>;
  /** `const` and `enum` strings: kinds, step types, task kinds, statuses. */
  values: Set<string>;
}

/** Every property name (any depth, any kind) and every fixed string value of a JSON Schema. */
function schemaNames(node: unknown, out: Names = { properties: new Set(), values: new Set() }): Names {
  if (Array.isArray(node)) {
    for (const item of node) schemaNames(item, out);
    return out;
  }
  if (!isNode(node)) return out;
  if (typeof node.const === "string") out.values.add(node.const);
  if (Array.isArray(node.enum)) for (const v of node.enum) if (typeof v === "string") out.values.add(v);
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (!isNode(map)) continue;
    if (key === "properties") for (const name of Object.keys(map)) out.properties.add(name);
    for (const sub of Object.values(map)) schemaNames(sub, out);
  }
  for (const key of [...SCHEMA_ARRAYS, ...SCHEMA_VALUES]) schemaNames(node[key], out);
  return out;
}

/** The inline code spans of a markdown text, outside fenced code blocks: `fallbackTimezone`. */
function inlineCode(markdown: string): Set<string> {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
  return new Set([...prose.matchAll(/(`+)([^`]+?)\1/g)].map((m) => m[2]!.trim()));
}

/** The headings of a markdown text, as written. */
function headings(markdown: string): string[] {
  return [...markdown.matchAll(/^#{1,6}\s+(.*)$/gm)].map((m) => m[1]!);
}

const code = inlineCode(doc);
const missing = (names: Iterable<string>) => [...names].filter((n) => !code.has(n)).sort();
const names = schemaNames(schema);

describe("docs/campaign-language.md, the language reference", () => {
  it("walks the whole schema: every kind's nested fields are among the names checked", () => {
    // Guards the walker: one deep field of each kind, and expectation keys.
    for (const deep of [
      "webhookSecret", // settings.slack.<name>
      "fallbackTimezone", // settings.defaultSendWindow, campaign sendWindow
      "per", // scoring rule cap
      "halfLife", // scoring decay
      "message", // handoff.notify, notify step
      "settle", // campaign and sequence
      "stopWhen", // sequence
      "afterCreated", // scenario completeTasks
      "enrollment", // scenario expectation
      "atMost", // condition stage
    ])
      expect(names.properties, deep).toContain(deep);
    expect(names.values).toContain("waitFor");
    expect(names.values).toContain("converted");
  });

  it("names every property of workflows/schema.json as inline code", () => {
    expect(
      missing(names.properties),
      "properties of workflows/schema.json missing from the reference",
    ).toEqual([]);
  });

  it("names every kind, step type, task kind and status the schema fixes", () => {
    expect(missing(names.values), "values of workflows/schema.json missing from the reference").toEqual([]);
    expect(missing(FILE_KINDS), "kinds").toEqual([]);
  });

  it("gives every step type a section of its own", () => {
    const titles = headings(doc);
    const without = STEP_TYPES.filter((type) => !titles.some((t) => t.includes(`\`${type}\``)));
    expect(without, "step types without a heading such as ### `waitFor`").toEqual([]);
  });

  it("names every condition key", () => {
    expect(missing(CONDITION_KEYS), "condition keys missing from the reference").toEqual([]);
  });

  it("names every merge field a template may use", () => {
    expect(missing(MERGE_FIELD_NAMES), "merge fields missing from the reference").toEqual([]);
  });
});
