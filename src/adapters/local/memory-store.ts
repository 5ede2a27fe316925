/**
 * ContactStore in memory, for simulations: the same observable behaviour as the DynamoDB store
 * (same keys and orders, same conditions, same patch rules), each method atomic. Records are
 * deep-copied in and out, so callers cannot change what is stored. One part per concern of the
 * port, all on the same rows (MemoryTables).
 */
import { storeOfParts } from "../../core/contact-store";
import type { Clock } from "../../core/ports";
import { MemoryAccounts } from "./memory-accounts";
import { MemoryContactPrivacy } from "./memory-contact-privacy";
import { MemoryEnrollments } from "./memory-enrollments";
import { MemoryEvents } from "./memory-events";
import { MemoryGuards } from "./memory-guards";
import { MemoryProfiles } from "./memory-profiles";
import { MemorySendLedger } from "./memory-send-ledger";
import { MemoryStats } from "./memory-stats";
import { MemoryTables } from "./memory-tables";
import { MemoryTasks } from "./memory-tasks";

function memoryParts(tables: MemoryTables) {
  const events = new MemoryEvents(tables);
  const enrollments = new MemoryEnrollments(tables);
  const profiles = new MemoryProfiles(tables, { events, enrollments });
  return {
    profiles,
    events,
    enrollments,
    sendLedger: new MemorySendLedger(tables),
    tasks: new MemoryTasks(tables),
    privacy: new MemoryContactPrivacy(tables, profiles),
    counters: new MemoryGuards(tables),
    stats: new MemoryStats(tables),
    accounts: new MemoryAccounts(tables),
  };
}

export class MemoryContactStore extends storeOfParts(memoryParts) {
  /** Every row the store holds: its own property, so a dump of the store shows all it keeps. */
  readonly tables: MemoryTables;

  /** `clock`: what counters' expiries are measured against; without one, nothing expires. */
  constructor(options: { clock?: Clock } = {}) {
    const tables = new MemoryTables(options.clock);
    super(tables);
    this.tables = tables;
  }
}
