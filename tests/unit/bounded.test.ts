import { describe, expect, it } from "vitest";
import { mapBounded } from "../../src/core/bounded";

// The bounded concurrency POST /enroll runs a batch with (issue 12, finding 10).

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("mapBounded", () => {
  it("answers in the items' order, at most `limit` at once, one key's items one after another", async () => {
    let running = 0;
    let most = 0;
    const byKey = new Map<string, number>();
    const items = ["a", "b", "a", "c", "d", "a", "e"];
    const out = await mapBounded(
      items,
      3,
      async (item) => {
        running++;
        most = Math.max(most, running);
        byKey.set(item, (byKey.get(item) ?? 0) + 1);
        expect(byKey.get(item)).toBe(1);
        await tick();
        byKey.set(item, byKey.get(item)! - 1);
        running--;
        return item.toUpperCase();
      },
      (item) => item,
    );
    expect(out).toEqual(["A", "B", "A", "C", "D", "A", "E"]);
    expect(most).toBe(3);
  });

  it("throws the first failure once every running item has finished, and starts no more", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = mapBounded(
      [0, 1, 2, 3, 4, 5],
      2,
      async (n) => {
        started.push(n);
        await tick();
        if (n === 0) throw new Error("boom");
        await tick();
        finished.push(n);
        return n;
      },
      (n) => String(n),
    );
    await expect(run).rejects.toThrow("boom");
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([1]);
  });
});
