import type * as Jsonc from "jsonc-parser";

/**
 * The texts the validator handed to jsonc-parser's parseTree (its one full parse of a file), in
 * order, for tests that check how much it parsed rather than how long it took. Filled by the
 * module `meteredJsonc` returns; a test mocks "jsonc-parser" with it and empties this between runs.
 * Imports nothing from src: it runs while "jsonc-parser" itself is being mocked.
 */
export const parsedTexts: string[] = [];

/** jsonc-parser with parseTree recording its input in `parsedTexts`. */
export function meteredJsonc(actual: typeof Jsonc): typeof Jsonc {
  return {
    ...actual,
    parseTree(text, errors, options) {
      parsedTexts.push(text);
      return actual.parseTree(text, errors, options);
    },
  };
}
