/** The memory store's building block: a contact's items by sort key. */
import { copyWithoutUndefined } from "../../core/deep-copy";
import { compareKeys } from "../single-table/keys";

/** One contact's items, with its sort keys in DynamoDB's order once listed (dropped when a key is added). */
interface Partition<T> {
  rows: Map<string, T>;
  sorted?: string[];
}

/** A contact's items of one kind by sort key, listed in DynamoDB's key order. */
export class Partitions<T> {
  private readonly byContact = new Map<string, Partition<T>>();

  get(contactId: string, sk: string): T | undefined {
    return this.byContact.get(contactId)?.rows.get(sk);
  }

  set(contactId: string, sk: string, value: T): void {
    let partition = this.byContact.get(contactId);
    if (!partition) {
      partition = { rows: new Map<string, T>() };
      this.byContact.set(contactId, partition);
    }
    if (!partition.rows.has(sk)) delete partition.sorted;
    partition.rows.set(sk, value);
  }

  /**
   * Copies of the contact's items whose sort key `where` accepts, in key order (compareKeys'); with
   * `last`, only the last that many of them (the others are not copied).
   */
  list(contactId: string, where: (sk: string) => boolean, options: { last?: number } = {}): T[] {
    const partition = this.byContact.get(contactId);
    if (!partition) return [];
    partition.sorted ??= [...partition.rows.keys()].sort(compareKeys);
    const found: T[] = [];
    for (const sk of partition.sorted) if (where(sk)) found.push(partition.rows.get(sk)!);
    const kept = options.last === undefined ? found : found.slice(Math.max(0, found.length - options.last));
    return kept.map((value) => copyWithoutUndefined(value));
  }

  /** Forgets every item of the contact; the items it held, uncopied. */
  drop(contactId: string): T[] {
    const rows = [...(this.byContact.get(contactId)?.rows.values() ?? [])];
    this.byContact.delete(contactId);
    return rows;
  }

  /** Every item of every contact, uncopied (for index-like scans). */
  everywhere(): T[] {
    return [...this.byContact.values()].flatMap((partition) => [...partition.rows.values()]);
  }
}
