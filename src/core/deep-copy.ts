/**
 * A deep copy without `undefined` in one pass, what both stores keep of a record (DynamoDB drops `undefined`
 * too): records are plain JSON-like data, so plain objects and arrays are copied by hand (several
 * times faster than structuredClone); anything else an object holds is structured-cloned.
 */
export function copyWithoutUndefined<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) if (v !== undefined) out.push(copyWithoutUndefined(v));
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    // An own "__proto__" key was dropped by the copy before (it set the prototype, which
    // structuredClone does not keep): it still is, and cannot reach a prototype here.
    if (!Object.hasOwn(value, key) || key === "__proto__") continue;
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = copyWithoutUndefined(v);
  }
  return out as T;
}
