/**
 * The UTF-8 size of a value's JSON (what `Buffer.byteLength(JSON.stringify(value))` says, the
 * local runtime's estimate of an item's size for DynamoDB's units), counted without building the
 * JSON. Undefined for what JSON.stringify makes nothing of (undefined, a function, a symbol).
 */
export function jsonSize(value: unknown): number | undefined {
  switch (typeof value) {
    case "string":
      return stringSize(value);
    case "number":
      return Number.isFinite(value) ? String(value).length : 4;
    case "boolean":
      return value ? 4 : 5;
    case "bigint":
      // JSON.stringify throws on a bigint: so does this, the same way.
      return Buffer.byteLength(JSON.stringify(value));
    case "object":
      return value === null ? 4 : objectSize(value);
    default:
      return undefined;
  }
}

/** Strings JSON writes as they are: printable ASCII but `"` and `\`. */
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function stringSize(text: string): number {
  return VERBATIM.test(text) ? text.length + 2 : Buffer.byteLength(JSON.stringify(text));
}

function objectSize(value: object): number {
  const json = (value as { toJSON?: unknown }).toJSON;
  if (typeof json === "function") return jsonSize(json.call(value, "")) ?? 0;
  if (Array.isArray(value)) {
    // Commas between items; what JSON cannot write is written as null.
    let size = 2 + Math.max(0, value.length - 1);
    for (const item of value) size += jsonSize(item) ?? 4;
    return size;
  }
  // Wrapped primitives (new String(...)) are written as the primitive.
  if (value instanceof Number || value instanceof String || value instanceof Boolean)
    return jsonSize(value.valueOf()) ?? 0;
  let size = 2;
  let members = 0;
  for (const key of Object.keys(value)) {
    const member = jsonSize((value as Record<string, unknown>)[key]);
    if (member === undefined) continue;
    size += stringSize(key) + 1 + member;
    members++;
  }
  return size + Math.max(0, members - 1);
}

/** Sizes of objects just made by a store, told by the store that knew them (see knownJsonSize). */
const known = new WeakMap<object, number>();

/**
 * Says `value`'s JSON is `size` bytes: a store that kept each row's size when it was written tells
 * it for the copy it hands out, before anyone could change that copy. Returns `value`.
 */
export function rememberJsonSize<T extends object>(value: T, size: number): T {
  known.set(value, size);
  return value;
}

/**
 * jsonSize, answered from rememberJsonSize when the store told it. Only for what a store has just
 * returned (the meters' reads): a caller may change a copy it holds, and the remembered size with
 * it would be stale.
 */
export function knownJsonSize(value: unknown): number | undefined {
  const size = typeof value === "object" && value !== null ? known.get(value) : undefined;
  return size ?? jsonSize(value);
}

/**
 * The JSON size of a record a store keeps and never changes in place (it replaces it): measured
 * once, then remembered with the record.
 */
export function storedJsonSize(record: object): number {
  let size = known.get(record);
  if (size === undefined) {
    size = jsonSize(record) ?? 0;
    known.set(record, size);
  }
  return size;
}

/** The JSON size of an array of items of these sizes (brackets and commas). */
export const arrayJsonSize = (sizes: readonly number[]): number =>
  sizes.reduce((sum, size) => sum + size, 2 + Math.max(0, sizes.length - 1));
