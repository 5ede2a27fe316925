import { describe, expect, it } from "vitest";
import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { describeContactStore } from "./contact-store.contract";

/** Every value a store object holds, Maps and Sets included, as text. */
function dumpOf(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Map) return [...v.entries()];
    if (v instanceof Set) return [...v.values()];
    return v;
  });
}

describeContactStore("MemoryContactStore", async () => {
  const store = new MemoryContactStore();
  return { store, close: async () => {}, dump: async () => dumpOf(store) };
});

describe("MemoryContactStore's equivalent of DynamoDB's TTL", () => {
  it("deletes counters once their expiry has passed on its clock, and keeps the others", async () => {
    let now = Date.parse("2026-03-02T14:00:00Z");
    const store = new MemoryContactStore({ clock: { now: () => new Date(now) } });
    const soon = new Date(now + 1000);
    await store.increment("pace#old", { expiresAt: soon });
    await store.increment("round-robin");
    now += 2000;
    // Sweeps run every thousand increments with an expiry.
    for (let i = 0; i < 1000; i++) await store.increment("pace#new", { expiresAt: new Date(now + 3600_000) });
    expect(await store.increment("pace#old", { expiresAt: soon })).toBe(1);
    expect(await store.increment("pace#new")).toBe(1001);
    expect(await store.increment("round-robin")).toBe(2);
  });
});
