import * as z from "../../core/language/zod-mini";

/**
 * The API's input schemas are zod/mini (a handler's bundle carries ~20 KB of zod, not classic zod's
 * ~450 KB), taken through src/core/language/zod-mini.ts, which gives them the English messages
 * classic zod gives (tests/unit/zod-mini-locale.test.ts checks it in a bundle without classic zod).
 */

/** An input schema: a zod/mini one, or a language schema classic zod still defines. */
export type InputSchema<T> = z.core.$ZodType<T>;
export type InputIssue = z.core.$ZodIssue;

/** Parses `value` against `schema`, every issue with its English message. */
export function parseInput<T>(schema: InputSchema<T>, value: unknown) {
  return z.safeParse(schema, value);
}
