/**
 * The memory store's counters and remembered keys, with the same observable behaviour as
 * src/adapters/aws/dynamodb-guards.ts: a remembered key is refused until its expiry, whenever
 * DynamoDB's TTL would get round to deleting it.
 */
import type { CounterStore } from "../../core/contact-store";
import type { MemoryTables } from "./memory-tables";

/** Expired entries are dropped once this many are kept (DynamoDB's TTL does it there). */
const PRUNE_AT = 10_000;

export class MemoryGuards implements CounterStore {
  /**
   * The size at which the next prune runs: twice what the last one kept (at least PRUNE_AT), so
   * keys that have not expired yet are not scanned again at every call.
   */
  #pruneAt = PRUNE_AT;

  constructor(private readonly tables: MemoryTables) {}

  readonly increment: CounterStore["increment"] = async (counter, options = {}) =>
    this.tables.counters.increment(counter, options.expiresAt);

  readonly rememberOnce: CounterStore["rememberOnce"] = async (key, expiry) => {
    this.#prune(expiry.now);
    const until = this.tables.remembered.get(key);
    if (until !== undefined && until > expiry.now.getTime()) return false;
    this.tables.remembered.set(key, expiry.expiresAt.getTime());
    return true;
  };

  readonly keepValue: CounterStore["keepValue"] = async (name, value, options = {}) => {
    this.tables.values.set(name, {
      value,
      ...(options.expiresAt ? { until: options.expiresAt.getTime() } : {}),
    });
  };

  readonly readValue: CounterStore["readValue"] = async (name, now) => {
    const kept = this.tables.values.get(name);
    if (!kept || (kept.until !== undefined && kept.until <= now.getTime())) return undefined;
    return kept.value;
  };

  #prune(now: Date): void {
    const remembered = this.tables.remembered;
    if (remembered.size < this.#pruneAt) return;
    for (const [key, until] of remembered) if (until <= now.getTime()) remembered.delete(key);
    this.#pruneAt = Math.max(PRUNE_AT, 2 * remembered.size);
  }
}
