import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { schemaText } from "../../src/cli/commands/schema";

describe("workflows/schema.json", () => {
  it("is what `npm run schema` generates from the validator's schemas (not stale)", () => {
    const committed = readFileSync("workflows/schema.json", "utf8");
    expect(committed === schemaText(), "workflows/schema.json is stale: run npm run schema").toBe(true);
  });

  it("is a draft-07 JSON Schema that tells the five kinds apart", () => {
    const schema = JSON.parse(schemaText());
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const kinds = (schema.oneOf as Array<{ properties: { kind: { const: string } } }>).map(
      (s) => s.properties.kind.const,
    );
    expect(kinds.sort()).toEqual(["campaign", "scenario", "scoring", "sequence", "settings"]);
  });
});

describe("docs/validation.md", () => {
  it("lists every violation code", async () => {
    const { VIOLATION_CODES } = await import("../../src/compiler/violation");
    const doc = readFileSync("docs/validation.md", "utf8");
    for (const code of Object.keys(VIOLATION_CODES)) expect(doc, code).toContain(`\`${code}\``);
  });
});
