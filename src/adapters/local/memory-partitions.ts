/** The memory store's building blocks: deep copies, and a contact's items by sort key. */

/**
 * A deep copy without `undefined` (what `structuredClone(withoutUndefined(value))` gives) in one
 * pass: records are plain JSON-like data, so plain objects and arrays are copied by hand (several
 * times faster than structuredClone); anything else an object holds is structured-cloned.
 */
export function copy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) if (v !== undefined) out.push(copy(v));
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
    if (v !== undefined) out[key] = copy(v);
  }
  return out as T;
}

/** A contact's items of one kind by sort key, listed in DynamoDB's key order. */
export class Partitions<T> {
  private readonly byContact = new Map<string, Map<string, T>>();

  get(contactId: string, sk: string): T | undefined {
    return this.byContact.get(contactId)?.get(sk);
  }

  set(contactId: string, sk: string, value: T): void {
    const rows = this.byContact.get(contactId) ?? new Map<string, T>();
    rows.set(sk, value);
    this.byContact.set(contactId, rows);
  }

  list(contactId: string, where: (sk: string) => boolean): T[] {
    // compareKeys' order (UTF-8 bytes), with each key encoded once rather than at every comparison.
    const rows: Array<{ key: Buffer; value: T }> = [];
    for (const [sk, value] of this.byContact.get(contactId) ?? [])
      if (where(sk)) rows.push({ key: Buffer.from(sk, "utf8"), value });
    return rows.sort((a, b) => Buffer.compare(a.key, b.key)).map(({ value }) => copy(value));
  }

  /** Forgets every item of the contact; the items it held, uncopied. */
  drop(contactId: string): T[] {
    const rows = [...(this.byContact.get(contactId)?.values() ?? [])];
    this.byContact.delete(contactId);
    return rows;
  }

  /** Every item of every contact, uncopied (for index-like scans). */
  everywhere(): T[] {
    return [...this.byContact.values()].flatMap((rows) => [...rows.values()]);
  }
}
