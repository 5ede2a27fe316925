import * as z from "zod/mini";
import english from "zod/v4/locales/en.js";

/**
 * The API's input schemas are zod/mini (a handler's bundle carries ~20 KB of zod, not classic zod's
 * ~450 KB). zod/mini configures no locale, so without one every issue would read "Invalid input":
 * each parse passes the English messages classic zod gives. A schema's own message still wins.
 */
const { localeError } = english();

/** An input schema: a zod/mini one, or a language schema classic zod still defines. */
export type InputSchema<T> = z.core.$ZodType<T>;
export type InputIssue = z.core.$ZodIssue;

/** Parses `value` against `schema`, every issue with its English message. */
export function parseInput<T>(schema: InputSchema<T>, value: unknown) {
  return z.safeParse(schema, value, { error: localeError });
}
