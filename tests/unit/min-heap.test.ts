import { describe, expect, it } from "vitest";
import { MinHeap } from "../../src/runtime/min-heap";

interface Item {
  key: number;
  value: number;
}

const byKeyThenInsertion = (a: Item, b: Item) => a.key - b.key || a.value - b.value;

describe("MinHeap", () => {
  it("pops the least key, ties in insertion order, with pushes and pops interleaved", () => {
    const heap = new MinHeap<number>();
    // The model: what the heap holds, popped by sorting.
    const model: Item[] = [];
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state;
    };
    const popBoth = () => {
      model.sort(byKeyThenInsertion);
      expect(heap.peekKey()).toBe(model[0]?.key);
      expect(heap.pop()).toEqual(model.shift());
    };
    for (let value = 0; value < 2000; value++) {
      const key = next() % 50;
      heap.push(key, value);
      model.push({ key, value });
      if (next() % 3 === 0) popBoth();
    }
    while (model.length) popBoth();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });
});
