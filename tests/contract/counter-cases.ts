import { describe, expect, it } from "vitest";
import { type StoreUnderTest, storeOfRunningTest } from "./contact-store.contract";

/** Counters that expire (the send pacer's per-second counts): part of the ContactStore contract. */
export function counterCases(current: () => StoreUnderTest): void {
  const store = storeOfRunningTest(current);

  describe("counters with an expiry", () => {
    const expiresAt = new Date("2026-03-02T15:00:00Z");

    it("count up from 1 like any counter, each on its own, and record when they may be deleted", async () => {
      expect(await store.increment("pace#1772460000", { expiresAt })).toBe(1);
      expect(await store.increment("pace#1772460000", { expiresAt })).toBe(2);
      expect(await store.increment("pace#1772460001", { expiresAt })).toBe(1);
      expect(await store.increment("pace#1772460000")).toBe(3);
      const expiryOf = current().counterExpiry;
      if (expiryOf) expect(await expiryOf("pace#1772460001")).toBe(Date.parse("2026-03-02T15:00:00Z") / 1000);
    });

    it("hand out distinct values under concurrency: no two callers see the same count", async () => {
      const values = await Promise.all(
        Array.from({ length: 40 }, () => store.increment("pace#1772460002", { expiresAt })),
      );
      expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });
  });
}
