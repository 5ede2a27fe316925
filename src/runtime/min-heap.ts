/** An item of the heap: its key, its place in insertion order (ties), its value. */
interface Entry<T> {
  key: number;
  seq: number;
  value: T;
}

const before = <T>(x: Entry<T>, y: Entry<T>) => x.key < y.key || (x.key === y.key && x.seq < y.seq);

/**
 * A binary min-heap of items by a numeric key (ties keep insertion order). Sifts move a hole
 * rather than swap pairs: one write per level.
 */
export class MinHeap<T> {
  private readonly items: Array<Entry<T>> = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(key: number, value: T): void {
    const items = this.items;
    const entry = { key, seq: this.seq++, value };
    let i = items.length;
    items.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, items[parent]!)) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = entry;
  }

  peekKey(): number | undefined {
    return this.items[0]?.key;
  }

  pop(): { key: number; value: T } | undefined {
    const items = this.items;
    const top = items[0];
    if (!top) return undefined;
    const last = items.pop()!;
    const count = items.length;
    if (count) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= count) break;
        const right = left + 1;
        const child = right < count && before(items[right]!, items[left]!) ? right : left;
        if (!before(items[child]!, last)) break;
        items[i] = items[child]!;
        i = child;
      }
      items[i] = last;
    }
    return { key: top.key, value: top.value };
  }
}
