import { describe, expect, it } from "vitest";
import { nestingDepth, parseJsonSource } from "../../src/compiler/parse/json-source";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("reading a JSON file", () => {
  it("reports the line and column of a syntax error", () => {
    const { violations } = parseJsonSource("w.json", bytes('{\n  "kind": "campaign",\n  "id" "x"\n}'));
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatchObject({ code: "invalid-json", path: "", line: 3, column: 8 });
    expect(violations[0]!.message).toContain("line 3, column 8");
  });

  it("explains a trailing comma, single quotes and comments", () => {
    const trailing = parseJsonSource("w.json", bytes('{ "a": 1, }')).violations[0]!;
    expect(trailing.message).toMatch(/remove the comma/);
    const quotes = parseJsonSource("w.json", bytes("{ 'a': 1 }")).violations[0]!;
    expect(quotes.message).toMatch(/double quotes/);
    const comment = parseJsonSource("w.json", bytes('{ // note\n "a": 1 }')).violations[0]!;
    expect(comment.message).toMatch(/comments are not allowed/);
  });

  it("finds the position of a JSON Pointer", () => {
    const { source } = parseJsonSource(
      "w.json",
      bytes('{\n  "steps": [\n    { "id": "a" },\n    { "id": "b" }\n  ]\n}'),
    );
    expect(source!.locate(["steps", 1, "id"])).toEqual({ line: 4, column: 13 });
    // A missing field points at the object that should hold it.
    expect(source!.locate(["steps", 1, "duration"])).toEqual({ line: 4, column: 5 });
  });

  it("measures nesting without being fooled by brackets in text", () => {
    expect(nestingDepth('{"a": "[[[[", "b": [[1]]}')).toBe(3);
  });

  it("accepts a byte-order mark", () => {
    expect(parseJsonSource("w.json", bytes('\uFEFF{"kind": "settings"}')).violations).toEqual([]);
  });
});
