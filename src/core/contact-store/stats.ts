/**
 * Report counters: pre-aggregated numbers the read API answers from, never a scan of contacts
 * (docs/data-model.md, "Counters"). Each counted fact (an email sent, an enrollment ended, a stage
 * move…) adds to a few counter rows exactly once, however often the use case that counts it is
 * retried or its event redelivered: the caller calls countOnce on every attempt, whether or not its
 * own write of the fact was new, and the store makes the additions idempotent by the fact's id.
 */

/** What one fact adds to one counter row. */
export interface CounterAdd {
  /** The row's scope: `wf#<workflow id>`, `stages`, `sla` (src/core/reports/counter-names.ts). */
  scope: string;
  /** The UTC day (`YYYY-MM-DD`) of the fact, or absent for the scope's totals row (gauges). */
  day?: string;
  /** Counter name → amount added (negative for a gauge going down). */
  counts: Record<string, number>;
  /** Sample name → values appended (durations whose median a report gives). */
  samples?: Record<string, number[]>;
}

/** A fact counted once: its id is unique across Handoff and the same on every retry. */
export interface CountedFact {
  id: string;
  /** The contact the fact belongs to: its "counted" marker lives (and is erased) with the contact. */
  contactId?: string;
  adds: CounterAdd[];
}

/** One counter row as read back: every counter and sample added to it. */
export interface CounterRow {
  scope: string;
  day?: string;
  counts: Record<string, number>;
  samples: Record<string, number[]>;
}

export interface StatsStore {
  /** Applies the fact's additions once: true when this call counted it, false when it was counted before. */
  countOnce(fact: CountedFact): Promise<boolean>;
  /** The day rows of a scope from `from` to `to` (days, inclusive), oldest first: one query. */
  counterRows(scope: string, days: { from: string; to: string }): Promise<CounterRow[]>;
  /** The scope's totals row (the gauges), if anything was added to it: one read. */
  counterTotals(scope: string): Promise<CounterRow | undefined>;
}
