/**
 * Repair: what can be salvaged of a file that failed its schema, so that the step and reference
 * checks run on it in the same pass as the schema errors (a marketer sees every independent mistake
 * at once, not one wave per fix). The repair follows the schema: a field that fits is kept; an
 * optional field that does not fit is dropped; a required one keeps its raw text when it is text
 * (an invalid id is still the name others use for it) or gets a placeholder of the right type;
 * unknown fields are left out. Every dropped or replaced value is recorded as lost, and the checks
 * say nothing about a lost value nor draw conclusions from it (see LostPaths). A repaired value is
 * only ever read by the checks: it is never compiled or run.
 */
import type { z } from "zod";
import { closest } from "../suggest";
import { pointer } from "../violation";

type Def = { type: string; [key: string]: unknown };
type Path = Array<string | number>;
type Schema = z.ZodType;

/** The JSON Pointers of a repaired file whose values were dropped or replaced. */
export class LostPaths {
  readonly #pointers: ReadonlySet<string>;
  constructor(pointers: Iterable<string>) {
    this.#pointers = new Set(pointers);
  }
  /** True when the value at `at` was lost, itself or with a container of it ("" is the whole file). */
  covers(at: string): boolean {
    for (const lost of this.#pointers)
      if (at === lost || (lost !== "" && at.startsWith(`${lost}/`))) return true;
    return false;
  }
  /** True when `at` itself, or an item or entry right inside it, was lost (a dropped list item or key). */
  dropsFrom(at: string): boolean {
    for (const lost of this.#pointers) {
      if (lost === at) return true;
      if (lost.startsWith(`${at}/`) && !lost.slice(at.length + 1).includes("/")) return true;
    }
    return this.covers(at);
  }
  /** True when anything at, inside or around `at` was lost. */
  touches(at: string): boolean {
    for (const lost of this.#pointers) if (lost === at || lost.startsWith(`${at}/`)) return true;
    return this.covers(at);
  }
}

const def = (schema: Schema) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);
const own = (v: Record<string, unknown>, key: string) => (Object.hasOwn(v, key) ? v[key] : undefined);

/** A value of the schema's type that says nothing: "" , 0, [], an object of placeholders. */
function placeholder(schema: Schema): unknown {
  const d = def(schema);
  switch (d.type) {
    case "string":
      return "";
    case "number":
      return 0;
    case "boolean":
      return false;
    case "literal":
      return (d.values as unknown[])[0];
    case "enum":
      return Object.values(d.entries as Record<string, unknown>)[0];
    case "array":
      return [];
    case "record":
      return {};
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(d.shape as Record<string, Schema>)) {
        const value = def(child).type === "optional" ? undefined : placeholder(child);
        if (value !== undefined) out[key] = value;
      }
      return out;
    }
    case "default":
      return schema.safeParse(undefined).data;
    case "union":
      return placeholder((d.options as Schema[])[0]!);
    case "lazy":
      return placeholder((d.getter as () => Schema)());
    default:
      return undefined;
  }
}

/** The object schema a union option is, through lazy wrappers; undefined for other options. */
function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const d = def(schema);
  if (d.type === "lazy") return objectShape((d.getter as () => Schema)());
  return d.type === "object" ? (d.shape as Record<string, Schema>) : undefined;
}

/** The option of a union that `value` was most likely written as, or undefined when none is close. */
function likelyOption(d: Def, value: unknown): Schema | undefined {
  const options = d.options as Schema[];
  const fit = options.find((o) => o.safeParse(value).success);
  if (fit) return fit;
  if (!isObject(value)) {
    const kind = Array.isArray(value) ? "array" : typeof value;
    return options.find((o) => def(o).type === kind);
  }
  const discriminator = d.discriminator as string | undefined;
  const tag = discriminator ? own(value, discriminator) : undefined;
  if (discriminator && typeof tag === "string") {
    const tagOf = (o: Schema) => String((def(objectShape(o)![discriminator]!).values as unknown[])[0]);
    const match =
      options.find((o) => tagOf(o) === tag) ??
      options.find((o) => tagOf(o) === closest(tag, options.map(tagOf)));
    if (match) return match;
  }
  let best: Schema | undefined;
  let shared = 0;
  for (const option of options) {
    const shape = objectShape(option);
    const n = shape ? Object.keys(value).filter((key) => Object.hasOwn(shape, key)).length : 0;
    if (n > shared) [best, shared] = [option, n];
  }
  return best;
}

interface Fixed {
  value: unknown;
  /** False when `value` is a placeholder for what was written here. */
  usable: boolean;
}

function lose(schema: Schema, value: unknown, path: Path, lost: Set<string>): Fixed {
  lost.add(pointer(path));
  // Free text keeps what was written (an invalid id is still the name others use for it); a
  // literal or an enum gets an allowed value, so that a switch on it stays exhaustive.
  const keepRaw = typeof value === "string" && def(schema).type === "string";
  return { value: keepRaw ? value : placeholder(schema), usable: false };
}

function fixObject(d: Def, value: unknown, path: Path, lost: Set<string>, schema: Schema): Fixed {
  if (!isObject(value)) return lose(schema, value, path, lost);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(d.shape as Record<string, Schema>)) {
    const fixed = fix(child, own(value, key), [...path, key], lost);
    if (fixed.value !== undefined) out[key] = fixed.value;
  }
  return { value: out, usable: true };
}

function fixRecord(d: Def, value: unknown, path: Path, lost: Set<string>, schema: Schema): Fixed {
  if (!isObject(value)) return lose(schema, value, path, lost);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (key === "__proto__") continue;
    const at = [...path, key];
    if (!(d.keyType as Schema).safeParse(key).success) {
      lost.add(pointer(at));
      continue;
    }
    const fixed = fix(d.valueType as Schema, value[key], at, lost);
    if (fixed.usable) out[key] = fixed.value;
  }
  return { value: out, usable: true };
}

function fix(schema: Schema, value: unknown, path: Path, lost: Set<string>): Fixed {
  const d = def(schema);
  switch (d.type) {
    case "optional": {
      if (value === undefined) return { value: undefined, usable: true };
      const fixed = fix(d.innerType as Schema, value, path, lost);
      return fixed.usable ? fixed : { value: undefined, usable: true };
    }
    case "default": {
      const fixed = value === undefined ? undefined : fix(d.innerType as Schema, value, path, lost);
      return fixed?.usable ? fixed : { value: schema.safeParse(undefined).data, usable: true };
    }
    case "lazy":
      return fix((d.getter as () => Schema)(), value, path, lost);
    case "object":
      return fixObject(d, value, path, lost, schema);
    case "record":
      return fixRecord(d, value, path, lost, schema);
    case "array":
      if (!Array.isArray(value)) return lose(schema, value, path, lost);
      return {
        value: value.map((item, i) => fix(d.element as Schema, item, [...path, i], lost).value),
        usable: true,
      };
    case "union": {
      const option = likelyOption(d, value);
      return option ? fix(option, value, path, lost) : lose(schema, value, path, lost);
    }
    default: {
      const result = schema.safeParse(value);
      return result.success ? { value: result.data, usable: true } : lose(schema, value, path, lost);
    }
  }
}

/** The salvageable part of `value` under `schema`, and the pointers of what was lost on the way. */
export function repair(schema: Schema, value: unknown): { value: unknown; lost: Set<string> } {
  const lost = new Set<string>();
  const fixed = fix(schema, value, [], lost);
  return { value: fixed.value, lost };
}
