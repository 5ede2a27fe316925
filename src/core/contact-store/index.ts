/**
 * The ContactStore port: what the engine keeps about contacts, one interface per concern, composed
 * into the one port the use cases talk through. src/adapters/aws/dynamodb-store.ts (the single
 * table of docs/data-model.md) and src/adapters/local/memory-store.ts implement it, each as one part
 * per concern (storeOfParts); tests/contract checks both against the same cases.
 */
import type { AccountStore } from "./accounts";
import type { CounterStore } from "./counters";
import type { EnrollmentStore } from "./enrollments";
import type { EventStore } from "./events";
import type { PrivacyStore } from "./privacy";
import type { ProfileStore } from "./profiles";
import type { SendLedger } from "./send-ledger";
import type { StatsStore } from "./stats";
import type { TaskStore } from "./tasks";

export type { AccountMember, AccountStore, AccountSums, PendingShare } from "./accounts";
export { storeOfParts } from "./compose";
export type { CounterOptions, CounterStore, Expiry } from "./counters";
export { type EnrollmentStore, minuteOf, type Page, type ScheduledStart, startSecondOf } from "./enrollments";
export type { EventStore, EventWindow } from "./events";
export type { OlderRecords, PrivacyStore } from "./privacy";
export type { ContactFilter, ContactView, ListedContact, ProfileStore } from "./profiles";
export type { SendLedger } from "./send-ledger";
export type { CountedFact, CounterAdd, CounterRow, StatsStore } from "./stats";
export type { TaskStore } from "./tasks";

export interface ContactStore
  extends ProfileStore,
    EventStore,
    EnrollmentStore,
    SendLedger,
    TaskStore,
    PrivacyStore,
    CounterStore,
    StatsStore,
    AccountStore {}

/** A store's parts, one per concern: together they are the whole port. */
export interface ContactStoreParts {
  profiles: ProfileStore;
  events: EventStore;
  enrollments: EnrollmentStore;
  sendLedger: SendLedger;
  tasks: TaskStore;
  privacy: PrivacyStore;
  counters: CounterStore;
  stats: StatsStore;
  accounts: AccountStore;
}
