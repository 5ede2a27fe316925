import { describe, expect, it } from "vitest";
import { MemoryContactStore } from "../../src/adapters/local/memory-store";
import { RETRY } from "../../src/compiler/emit/common";
import {
  paceCounter,
  reserveSendPlace,
  SES_DEFAULT_SEND_RATE,
  takeSendPlace,
} from "../../src/core/engine/pacing";
import { ErrorNames } from "../../src/core/errors";
import type { ContactStore } from "../../src/core/ports";

// The send pacer on the in-memory store (the same counters the contract suite checks on dynalite).

const SECOND = 1_772_460_000; // 2026-03-02T14:00:00Z
const at = (second: number, ms = 0) => new Date(second * 1000 + ms);

/** The store, counting the pacer's increments (its DynamoDB writes). */
function countingStore(): { store: ContactStore; writes: () => number } {
  const store = new MemoryContactStore();
  let writes = 0;
  const increment = store.increment.bind(store);
  store.increment = (counter, options) => {
    writes++;
    return increment(counter, options);
  };
  return { store, writes: () => writes };
}

describe("taking a place in the current second", () => {
  it("lets `perSecond` emails through in a second, refuses the next with Handoff.SendPaced, and starts again the next second", async () => {
    const { store } = countingStore();
    const pacing = { perSecond: 3 };
    for (let i = 0; i < 3; i++) await takeSendPlace(store, pacing, at(SECOND, i * 100));
    await expect(takeSendPlace(store, pacing, at(SECOND, 999))).rejects.toMatchObject({
      name: ErrorNames.SendPaced,
      message: expect.stringContaining("number 4 there, over the send rate of 3"),
    });
    await takeSendPlace(store, pacing, at(SECOND + 1));
  });

  it("uses a place reserved for this very second without counting it again; a late wake takes anew", async () => {
    const { store, writes } = countingStore();
    const pacing = { perSecond: 1 };
    const { second } = await reserveSendPlace(store, pacing, SECOND);
    expect(writes()).toBe(1);
    await takeSendPlace(store, pacing, at(second, 400), second);
    expect(writes()).toBe(1);
    // Woken a second late: the reserved place is gone, and that second is full.
    await store.increment(paceCounter(second + 1));
    await expect(takeSendPlace(store, pacing, at(second + 1), second)).rejects.toMatchObject({
      name: ErrorNames.SendPaced,
    });
  });
});

describe("reserving a place for a held email", () => {
  it(`10,000 emails due at one second, ${SES_DEFAULT_SEND_RATE} a second: one after the other at the rate, at most 2 writes each`, async () => {
    const { store, writes } = countingStore();
    const pacing = { perSecond: SES_DEFAULT_SEND_RATE };
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const { second, reserved } = await reserveSendPlace(store, pacing, SECOND);
      expect(reserved).toBe(true);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    const seconds = [...perSecond.keys()].sort((a, b) => a - b);
    // Contiguous, full seconds: 10,000 / 14 = 714.3, so 715 seconds, the last one partly used.
    expect(seconds).toEqual(Array.from({ length: 715 }, (_, i) => SECOND + i));
    expect(Math.max(...perSecond.values())).toBe(SES_DEFAULT_SEND_RATE);
    expect(perSecond.get(SECOND + 714)).toBe(10_000 - 714 * SES_DEFAULT_SEND_RATE);
    expect(writes()).toBeLessThanOrEqual(2 * 10_000);
  });

  it("an email paced while a long queue drains gets past the queue in a few writes, landing within twice its length", async () => {
    const { store, writes } = countingStore();
    const pacing = { perSecond: SES_DEFAULT_SEND_RATE };
    for (let i = 0; i < 14 * 700; i++) await reserveSendPlace(store, pacing, SECOND);
    // 100 seconds into the queue, a fresh email finds its second full and asks from the next one.
    const before = writes();
    const late = await reserveSendPlace(store, pacing, SECOND + 101);
    expect(late.reserved).toBe(true);
    expect(late.second).toBeGreaterThanOrEqual(SECOND + 700);
    expect(late.second - (SECOND + 101)).toBeLessThanOrEqual(2 * (700 - 101));
    expect(writes() - before).toBeLessThanOrEqual(12);
  });

  it("never gives out more than the rate in a second, however reservations and takes interleave", async () => {
    const { store } = countingStore();
    const pacing = { perSecond: 4 };
    const used = new Map<number, number>();
    const use = (second: number) => used.set(second, (used.get(second) ?? 0) + 1);
    for (let i = 0; i < 200; i++) {
      const now = SECOND + Math.floor(i / 7);
      if (i % 3 === 0) {
        const place = await reserveSendPlace(store, pacing, now + 1);
        if (place.reserved) use(place.second);
      } else {
        const taken = await takeSendPlace(store, pacing, at(now)).then(
          () => true,
          () => false,
        );
        if (taken) use(now);
      }
    }
    expect(Math.max(...used.values())).toBeLessThanOrEqual(4);
  });
});

describe("the shared retry", () => {
  it("keeps trying, on average, for longer than 10,000 emails take at SES's default rate", () => {
    let cap = 0;
    let capSum = 0;
    for (let retry = 0; retry < RETRY.MaxAttempts; retry++) {
      cap = Math.min(RETRY.IntervalSeconds * RETRY.BackoffRate ** retry, RETRY.MaxDelaySeconds);
      capSum += cap;
    }
    expect(RETRY.JitterStrategy).toBe("FULL");
    // Full jitter waits a uniform share of each cap: on average half.
    expect(capSum / 2).toBeGreaterThan(10_000 / SES_DEFAULT_SEND_RATE);
  });
});
