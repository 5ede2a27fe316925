import type { Clock } from "../../core/ports";

/** Expired counters are swept after this many increments with an expiry. */
const SWEEP_EVERY = 1000;

/**
 * The memory store's counters, with DynamoDB's TTL in memory: a counter given an expiry is deleted
 * some time after it (at the first sweep after it passed on `clock`); until then it counts on.
 * Without a clock nothing expires.
 */
export class MemoryCounters {
  private readonly values = new Map<string, number>();
  /** Expiry (ms since the epoch) of the counters that have one. */
  private readonly expiries = new Map<string, number>();
  private untilSweep = SWEEP_EVERY;

  constructor(private readonly clock?: Clock) {}

  increment(counter: string, expiresAt?: Date): number {
    const next = (this.values.get(counter) ?? 0) + 1;
    this.values.set(counter, next);
    if (expiresAt) {
      this.expiries.set(counter, expiresAt.getTime());
      if (--this.untilSweep <= 0) this.sweep();
    }
    return next;
  }

  private sweep(): void {
    this.untilSweep = SWEEP_EVERY;
    const now = this.clock?.now().getTime();
    if (now === undefined) return;
    for (const [counter, expiresAt] of this.expiries) {
      if (expiresAt > now) continue;
      this.expiries.delete(counter);
      this.values.delete(counter);
    }
  }
}
