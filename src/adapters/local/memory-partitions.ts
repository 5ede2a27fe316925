/** The memory store's building block: a contact's items by sort key. */
import { copyWithoutUndefined } from "../../core/deep-copy";

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
    return rows.sort((a, b) => Buffer.compare(a.key, b.key)).map(({ value }) => copyWithoutUndefined(value));
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
