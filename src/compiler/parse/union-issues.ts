/** Reading zod's union issues: which option the author meant, and what it lacks. */
import type { z } from "zod";
import { listOf } from "../suggest";

export type Issue = z.core.$ZodIssue;
export type Path = ReadonlyArray<PropertyKey>;

/** The value at `path` inside `value`, or undefined. */
export function get(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  return node;
}

/** Keys a union's options require that the input lacks: the names the author may have meant. */
export function missingKeys(issue: Extract<Issue, { code: "invalid_union" }>, value: unknown): string[] {
  const keys = new Set<string>();
  for (const branch of issue.errors) {
    for (const i of branch) {
      if (i.path.length === 1 && get(value, [...issue.path, ...i.path]) === undefined)
        keys.add(String(i.path[0]));
    }
  }
  return [...keys];
}

/** A union failed: pick the option the author most likely meant, or undefined when none fits. */
export function unionIssues(
  issue: Extract<Issue, { code: "invalid_union" }>,
  value: unknown,
): Issue[] | undefined {
  const lacksKey = (i: Issue) => i.path.length === 1 && get(value, [...issue.path, ...i.path]) === undefined;
  const wrongType = (i: Issue) => i.code === "invalid_type" && i.path.length === 0;
  const plausible = issue.errors.filter((b) => b.length > 0 && !b.some(lacksKey) && !b.some(wrongType));
  if (plausible.length === 0) return undefined;
  // The most specific story wins: a custom check (invalid-duration…) over a generic one, then fewer issues.
  const rank = (b: Issue[]) => (b.some((i) => i.code === "custom") ? 0 : 1000) + b.length;
  plausible.sort((a, b) => rank(a) - rank(b));
  return plausible[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}

/** A value to show for a field the author left out, from what zod expected there. */
function placeholder(issue: Issue): unknown {
  if (issue.code === "invalid_union")
    return issue.errors[0]?.[0] ? placeholder(issue.errors[0][0]) : undefined;
  if (issue.code === "invalid_value") return issue.values[0];
  if (issue.code !== "invalid_type") return undefined;
  const values: Record<string, unknown> = {
    number: 1,
    int: 1,
    string: "…",
    boolean: true,
    array: [],
    object: {},
  };
  return values[issue.expected];
}

/**
 * Options of an object union that take every field the input has and lack only required ones: the
 * shapes the author was writing. The ones lacking the fewest fields, or none when no option fits so.
 */
export function lackingOnly(issue: Extract<Issue, { code: "invalid_union" }>, value: unknown): Issue[][] {
  const lacks = (i: Issue) => i.path.length === 1 && get(value, [...issue.path, ...i.path]) === undefined;
  const options = issue.errors.filter((b) => b.length > 0 && b.every(lacks));
  const fewest = Math.min(...options.map((b) => b.length));
  return options.filter((b) => b.length === fewest);
}

/** What an item of a list is called in a message ("expectation 7"). */
const ITEM_NAMES: Record<string, string> = { expect: "expectation" };

/** `otherwise` names the value when it is not a list item. "expectation 7 needs "count", like { "slack": "sales-handoffs", "count": 1 }" or "… needs one of …". */
export function lackingMessage(path: Path, otherwise: string, input: object, options: Issue[][]): string {
  const last = path.at(-1);
  const parent = path.at(-2);
  const subject =
    typeof last === "number" && typeof parent === "string" && Object.hasOwn(ITEM_NAMES, parent)
      ? `${ITEM_NAMES[parent]} ${last + 1}`
      : otherwise;
  if (options.length > 1) {
    const keys = [...new Set(options.map((b) => String(b[0]!.path[0])))];
    return `${subject} needs one of ${listOf(keys)}`;
  }
  const missing = options[0]!;
  const names = missing.map((i) => `"${String(i.path[0])}"`);
  const example: Record<string, unknown> = { ...input };
  for (const i of missing) example[String(i.path[0])] = placeholder(i);
  const text = JSON.stringify(example, null, 1).replace(/\n\s*/g, " ");
  const like = text.length <= 120 && !text.includes("null") ? `, like ${text}` : "";
  return `${subject} needs ${names.join(" and ")}${like}`;
}
