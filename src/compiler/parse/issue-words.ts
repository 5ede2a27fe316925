/** How a schema issue's message names a place, a value and a misplaced field, in words a marketer reads. */
import { get, type Path } from "./union-issues";

/** Where in the file, in words: "in step 'pause-1'", "in handoff.when", "in owners[2]". */
export function where(value: unknown, path: Path): string {
  if (path[0] === "steps" && typeof path[1] === "number") {
    if (path.length === 2) return "in the steps list";
    const id = (get(value, path.slice(0, 2)) as { id?: unknown } | undefined)?.id;
    const step = typeof id === "string" ? `step '${id}'` : `step ${path[1] + 1}`;
    const rest = path.slice(2).filter((key) => typeof key === "string");
    return rest.length > 1 ? `in ${step} (${rest.slice(0, -1).join(".")})` : `in ${step}`;
  }
  const parents = path.slice(0, -1).map((key) => (typeof key === "number" ? `[${key}]` : `.${String(key)}`));
  return parents.length ? `in ${parents.join("").replace(/^\./, "")}` : "at the top of the file";
}

/** A value as the message shows it: "null", "a list", "text ("…")", "the number 3". */
export function describe(input: unknown): string {
  if (input === null) return "null";
  if (Array.isArray(input)) return "a list";
  if (typeof input === "string") return `text ("${input.length > 40 ? `${input.slice(0, 40)}…` : input}")`;
  if (typeof input === "object") return "an object";
  return `${typeof input === "number" ? "the number" : typeof input} ${String(input)}`;
}

const EXPECTED: Record<string, string> = {
  string: "text in double quotes",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list [ … ]",
  object: "an object { … }",
  record: "an object { … }",
};

/** What zod expected, in words: "text in double quotes", "a list [ … ]". */
export function expected(type: string): string {
  return EXPECTED[type] ?? type;
}

/** The field a path ends at: `"subject"`, "step 3", `item 2 of "owners"`, "the file". */
export function fieldName(path: Path): string {
  const last = path.at(-1);
  if (typeof last === "number") {
    const parent = path.at(-2);
    return parent === "steps" ? `step ${last + 1}` : `item ${last + 1} of "${String(parent)}"`;
  }
  return last === undefined ? "the file" : `"${String(last)}"`;
}

/** "unknown field "x" in step 'a'; did you mean 'y'?" or "…: remove it or correct its name". */
export function unknownField(key: string, where: string, hint: string): string {
  const tail = hint.startsWith("; did you mean") ? "" : "; remove it or correct its name";
  return `unknown field "${key}" ${where}${hint}${tail}`;
}

/** "1 item", "3 characters". */
export function plural(n: unknown, unit: string): string {
  return `${String(n)} ${unit}${n === 1 ? "" : "s"}`;
}

/** Why a field that exists elsewhere in the language does not belong where it was written. */
const FIELD_HINTS: Record<string, Record<string, string>> = {
  campaign: { stopWhen: "campaigns end with exitWhen; stopWhen belongs to sequences" },
  sequence: {
    exitWhen: "sequences end with stopWhen; exitWhen belongs to campaigns",
    handoff: "a sequence cannot hand off: its contacts are already with sales",
  },
  settings: {
    channel:
      'a Slack incoming webhook posts to the channel it was created for, so "channel" would be ignored: create one webhook per channel and list each under its own name in "slack"',
  },
  any: {
    next: "branch, split and waitFor steps choose where to go with then/else or variants, not next",
    delay: 'a wait\'s length is its "duration"',
    wait: 'a wait\'s length is its "duration"',
  },
};

/** The hint for a misplaced field, if any (own keys only: "__proto__" or "constructor" has none). */
export function fieldHint(kind: string, key: string): string | undefined {
  for (const hints of [FIELD_HINTS[kind], FIELD_HINTS.any!])
    if (hints && Object.hasOwn(hints, key)) return hints[key];
  return undefined;
}
