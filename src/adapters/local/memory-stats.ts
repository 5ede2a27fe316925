/**
 * The memory store's report counters, with the observable behaviour of the DynamoDB part: each
 * fact's additions applied once (a fact id seen before adds nothing), rows read by day range.
 */
import type { CounterRow, StatsStore } from "../../core/contact-store";
import type { MemoryTables } from "./memory-tables";

/** The key of the totals row of a scope (DynamoDB: sk `TOTAL`); day rows are keyed by their day. */
const TOTALS = "";

export class MemoryStats implements StatsStore {
  /**
   * One string per fact id that is not a contact's own (`delivered:trial-nurture.1:welcome` is the
   * same in every contact's markers): a simulation's markers share them rather than each holding a copy.
   */
  readonly #shared = new Map<string, string>();

  constructor(private readonly tables: MemoryTables) {}

  #marker(id: string, contactId: string | undefined): string {
    if (contactId !== undefined && id.includes(contactId)) return id;
    const shared = this.#shared.get(id);
    if (shared !== undefined) return shared;
    this.#shared.set(id, id);
    return id;
  }

  readonly countOnce: StatsStore["countOnce"] = async (fact) => {
    const counted = this.tables.counted;
    const markers = counted.get(fact.contactId ?? TOTALS) ?? new Set<string>();
    if (markers.has(fact.id)) return false;
    for (const add of fact.adds) {
      const row = this.#row(add.scope, add.day);
      for (const [name, amount] of Object.entries(add.counts))
        row.counts[name] = (row.counts[name] ?? 0) + amount;
      for (const [name, values] of Object.entries(add.samples ?? {})) {
        const kept = row.samples[name] ?? [];
        kept.push(...values);
        row.samples[name] = kept;
      }
    }
    markers.add(this.#marker(fact.id, fact.contactId));
    counted.set(fact.contactId ?? TOTALS, markers);
    return true;
  };

  readonly counterRows: StatsStore["counterRows"] = async (scope, days) => {
    const rows = [...(this.tables.stats.get(scope)?.entries() ?? [])]
      .filter(([day]) => day !== TOTALS && day >= days.from && day <= days.to)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return rows.map(([, row]) => structuredClone(row));
  };

  readonly counterTotals: StatsStore["counterTotals"] = async (scope) => {
    const row = this.tables.stats.get(scope)?.get(TOTALS);
    return row ? structuredClone(row) : undefined;
  };

  #row(scope: string, day: string | undefined): CounterRow {
    const rows = this.tables.stats.get(scope) ?? new Map<string, CounterRow>();
    this.tables.stats.set(scope, rows);
    const key = day ?? TOTALS;
    const row = rows.get(key) ?? { scope, ...(day ? { day } : {}), counts: {}, samples: {} };
    rows.set(key, row);
    return row;
  }
}
