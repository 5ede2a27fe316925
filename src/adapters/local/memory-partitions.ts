/** The memory store's building block: a contact's items by sort key. */
import { copyWithoutUndefined } from "../../core/deep-copy";
import { arrayJsonSize, jsonSize, rememberJsonSize } from "../../core/json-size";
import { compareKeys } from "../single-table/keys";

/**
 * One contact's items in DynamoDB's key order (compareKeys'): the sort keys, the items and each
 * item's JSON size (measured once, as it is written), at the same index.
 */
interface Partition<T> {
  keys: string[];
  values: T[];
  sizes: number[];
}

/** Where `sk` is in the sorted `keys`, or where it would go (and whether it is there). */
function position(keys: readonly string[], sk: string): { at: number; found: boolean } {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const order = compareKeys(keys[middle]!, sk);
    if (order === 0) return { at: middle, found: true };
    if (order < 0) low = middle + 1;
    else high = middle;
  }
  return { at: low, found: false };
}

/**
 * A contact's items of one kind by sort key, listed in DynamoDB's key order. Lists are copies
 * whose JSON sizes the meters read back (rememberJsonSize) rather than measure at every read.
 */
export class Partitions<T> {
  private readonly byContact = new Map<string, Partition<T>>();

  get(contactId: string, sk: string): T | undefined {
    const partition = this.byContact.get(contactId);
    if (!partition) return undefined;
    const { at, found } = position(partition.keys, sk);
    return found ? partition.values[at] : undefined;
  }

  set(contactId: string, sk: string, value: T): void {
    let partition = this.byContact.get(contactId);
    if (!partition) {
      partition = { keys: [], values: [], sizes: [] };
      this.byContact.set(contactId, partition);
    }
    const size = jsonSize(value) ?? 0;
    const { at, found } = position(partition.keys, sk);
    if (found) {
      partition.values[at] = value;
      partition.sizes[at] = size;
      return;
    }
    partition.keys.splice(at, 0, sk);
    partition.values.splice(at, 0, value);
    partition.sizes.splice(at, 0, size);
  }

  /**
   * Copies of the contact's items whose sort key `where` accepts, in key order; with `last`, only
   * the last that many of them (the others are not copied).
   */
  list(contactId: string, where: (sk: string) => boolean, options: { last?: number } = {}): T[] {
    const partition = this.byContact.get(contactId);
    if (!partition) return rememberJsonSize([], 2);
    let found: number[] = [];
    partition.keys.forEach((sk, index) => {
      if (where(sk)) found.push(index);
    });
    if (options.last !== undefined) found = found.slice(Math.max(0, found.length - options.last));
    const copies = found.map((index) => copyWithoutUndefined(partition.values[index]!));
    return rememberJsonSize(copies, arrayJsonSize(found.map((index) => partition.sizes[index]!)));
  }

  /** Forgets every item of the contact; the items it held, uncopied. */
  drop(contactId: string): T[] {
    const values = this.byContact.get(contactId)?.values ?? [];
    this.byContact.delete(contactId);
    return values;
  }

  /** Every item of every contact, uncopied (for index-like scans). */
  everywhere(): T[] {
    return [...this.byContact.values()].flatMap((partition) => partition.values);
  }
}
