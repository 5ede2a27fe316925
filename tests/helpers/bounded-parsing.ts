import { expect } from "vitest";
import { MAX_DEPTH, MAX_FILE_BYTES, nestingDepth } from "../../src/compiler/parse/json-source";
import { parsedTexts } from "./json-parse-meter";

/**
 * What keeps the validator's work linear in a bounded input, counted rather than timed: at most
 * `maxParses` texts reached jsonc-parser since `parsedTexts` was emptied (each file once), and only
 * texts within MAX_FILE_BYTES and MAX_DEPTH (src/compiler/parse/json-source.ts refuses the others
 * first, as file-too-large and too-deep). Needs "jsonc-parser" mocked with meteredJsonc.
 */
export function expectBoundedParsing(maxParses: number): void {
  expect(parsedTexts.length, "parses per validation").toBeLessThanOrEqual(maxParses);
  for (const text of parsedTexts) {
    expect(text.length, "characters handed to the parser").toBeLessThanOrEqual(MAX_FILE_BYTES);
    expect(nestingDepth(text, MAX_DEPTH + 1), "nesting handed to the parser").toBeLessThanOrEqual(MAX_DEPTH);
  }
}
