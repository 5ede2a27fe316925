import fc from "fast-check";

/** fast-check arbitraries that break a valid JSON document in one place: the fuzz tests' near-misses. */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Every path in a JSON tree, the root ([]) included. */
function pathsOf(node: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(node)) {
    for (const [i, child] of node.entries()) out.push(...pathsOf(child, [...at, i]));
  } else if (node !== null && typeof node === "object")
    for (const [key, child] of Object.entries(node)) out.push(...pathsOf(child, [...at, key]));
  return out;
}

/** One change at the node `target` picks (modulo the number of nodes in the document). */
export type Mutation =
  | { op: "drop"; target: number }
  | { op: "rename"; target: number; key: string }
  | { op: "retype"; target: number; value: Json }
  | { op: "insert"; target: number; key: string; value: Json };

/** Values a marketer (or a bad merge, or an attacker) might leave in a document, and random JSON. */
export const junk: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    null,
    true,
    0,
    -1,
    1e9,
    0.5,
    "",
    "2 days",
    "0d",
    "P1Y",
    "Europe/Nowhere",
    "{{ nope }}",
    "{% if %}",
    "next-step",
    "__proto__",
    "constructor",
    "toString",
    "<script>alert(1)</script>",
    "a\r\nBcc: victim@example.com",
    "x".repeat(3000),
    [],
    {},
    { any: [] },
    { all: [{}] },
    { not: { score: {} } },
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** Field names: the language's own, prototype names, and random text. */
export const fieldName = fc.oneof(
  fc.constantFrom("id", "type", "next", "then", "else", "steps", "kind", "when", "__proto__", "constructor"),
  fc.string({ maxLength: 12 }),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("drop" as const), target: fc.nat() }),
  fc.record({ op: fc.constant("rename" as const), target: fc.nat(), key: fieldName }),
  fc.record({ op: fc.constant("retype" as const), target: fc.nat(), value: junk }),
  fc.record({ op: fc.constant("insert" as const), target: fc.nat(), key: fieldName, value: junk }),
);

/** Sets a key as JSON.parse would: an own property, even for "__proto__". */
function define(holder: object, key: string, value: Json): void {
  Object.defineProperty(holder, key, { value, enumerable: true, configurable: true, writable: true });
}

/** Applies one mutation to a copy of `doc`: drop, rename or retype the node, or insert beside it. */
export function applyMutation(doc: Json, m: Mutation): Json {
  const copy = structuredClone(doc);
  const paths = pathsOf(copy);
  const path = paths[m.target % paths.length]!;
  if (path.length === 0) {
    if (m.op === "retype") return m.value;
    if (m.op === "insert" && copy && typeof copy === "object" && !Array.isArray(copy))
      define(copy, m.key, m.value);
    return copy;
  }
  let holder = copy as Json[] | Record<string, Json>;
  for (const key of path.slice(0, -1))
    holder = (holder as Record<string | number, Json>)[key] as typeof holder;
  const key = path.at(-1)!;
  if (Array.isArray(holder)) {
    const i = key as number;
    if (m.op === "drop") holder.splice(i, 1);
    else if (m.op === "retype") holder[i] = m.value;
    else if (m.op === "insert") holder.splice(i, 0, m.value);
    else holder[i] = { [m.key]: holder[i]! };
    return copy;
  }
  const k = key as string;
  const value = holder[k]!;
  if (m.op === "drop") delete holder[k];
  else if (m.op === "retype") define(holder, k, m.value);
  else if (m.op === "rename") {
    delete holder[k];
    define(holder, m.key, value);
  } else if (value !== null && typeof value === "object" && !Array.isArray(value))
    define(value, m.key, m.value);
  else define(holder, m.key, m.value);
  return copy;
}

/** A document with one to `max` mutations applied. */
export function mutated(doc: Json, max = 3): fc.Arbitrary<Json> {
  return fc
    .array(mutation, { minLength: 1, maxLength: max })
    .map((mutations) => mutations.reduce(applyMutation, doc));
}
