/**
 * Every row the memory store holds, shared by its parts (src/adapters/local/memory-store.ts): what
 * DynamoDB's one table holds, in maps and per-contact partitions. Rows are deep-copied in and out
 * by the parts, so callers never hold what is stored.
 */
import type { AccountRow } from "../../core/accounts";
import type { AccountMember, CounterRow } from "../../core/contact-store";
import { ItemTooLargeError } from "../../core/errors";
import type * as model from "../../core/model";
import type { Clock } from "../../core/ports";
import { MAX_ITEM_BYTES } from "../single-table/items";
import { MemoryCounters } from "./memory-counters";
import { Partitions } from "./memory-partitions";

/** Throws like DynamoDB for a record over 400 KB (its JSON size: a close, slightly high estimate). */
export function assertFits(what: string, record: unknown): void {
  if (Buffer.byteLength(JSON.stringify(record), "utf8") > MAX_ITEM_BYTES) throw new ItemTooLargeError(what);
}

export class MemoryTables {
  /** `stageChangedAt`: when the stage last changed (the contact lists' order; absent: at creation). */
  readonly contacts = new Map<
    string,
    { contact: model.Contact; lastStageChange?: string; stageChangedAt?: string }
  >();
  /** Contact ids by lower-cased address (DynamoDB's email index). */
  readonly byEmail = new Map<string, Set<string>>();
  readonly stages = new Partitions<model.StageChange>();
  readonly events = new Partitions<model.EngagementEvent>();
  /** The first claim of each caller's event id, by `<contactId>\n<eventId>` (in the contact's partition on DynamoDB). */
  readonly eventIds = new Map<string, string>();
  readonly enrollments = new Partitions<model.Enrollment>();
  readonly sends = new Partitions<model.SendRecord>();
  /** Where the entry of each SES message id is (DynamoDB's message index). */
  readonly byMessageId = new Map<string, { contactId: string; sk: string }>();
  readonly replies = new Map<string, model.ReplyRef>();
  readonly tasks = new Map<string, model.RepTask>();
  readonly suppressions = new Map<string, model.Suppression>();
  /** Erased contacts' suppressions, by the address's hash: reason and times only. */
  readonly hashedSuppressions = new Map<string, Pick<model.Suppression, "reason" | "at" | "erasedAt">>();
  readonly rawMail = new Partitions<model.RawMailRef>();
  readonly counters: MemoryCounters;
  /** Remembered keys until their expiry (ms since the epoch). */
  readonly remembered = new Map<string, number>();
  /** Kept values by name, each with its expiry (ms since the epoch) when it has one. */
  readonly values = new Map<string, { value: string; until?: number }>();
  /** Report counter rows by scope, then by day ("" for the totals row). */
  readonly stats = new Map<string, Map<string, CounterRow>>();
  /** The ids of the facts counted, by contact ("" for facts of no contact). */
  readonly counted = new Map<string, Set<string>>();
  /** Account members by `<account>\n<contactId>`. */
  readonly accountMembers = new Map<string, AccountMember>();
  /** Account rows by account, with the ids of the changes added and not yet settled. */
  readonly accounts = new Map<string, { row: AccountRow; pending: Set<string> }>();

  /** `clock`: what counters' expiries are measured against; without one, nothing expires. */
  constructor(clock?: Clock) {
    this.counters = new MemoryCounters(clock);
  }
}
