/** The memory store's events, and callers' event ids claimed once per contact. */
import type { EventStore } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import { compareKeys, eventRange, eventSk } from "../single-table/keys";
import type { MemoryTables } from "./memory-tables";

const eventIdKey = (contactId: string, eventId: string) => `${contactId}\n${eventId}`;

export class MemoryEvents implements EventStore {
  constructor(private readonly tables: MemoryTables) {}

  readonly recordEvent: EventStore["recordEvent"] = async (event) => {
    const sk = eventSk(event.at, event.id);
    if (this.tables.events.get(event.contactId, sk)) return false;
    this.tables.events.set(event.contactId, sk, copyWithoutUndefined(event));
    return true;
  };

  readonly claimEventId: EventStore["claimEventId"] = async (contactId, eventId, at) => {
    const key = eventIdKey(contactId, eventId);
    const first = this.tables.eventIds.get(key);
    if (first !== undefined) return { claimed: false, at: first };
    this.tables.eventIds.set(key, at);
    return { claimed: true, at };
  };

  readonly listEvents: EventStore["listEvents"] = async (contactId, since, limit) => {
    const { from, to } = eventRange(since);
    return this.tables.events.list(
      contactId,
      (sk) => compareKeys(sk, from) >= 0 && compareKeys(sk, to) <= 0,
      limit === undefined ? {} : { last: limit },
    );
  };
}

/** Forgets the contact's claimed event ids (they live in its partition on DynamoDB): how many. */
export function forgetEventIds(tables: MemoryTables, contactId: string): number {
  let forgotten = 0;
  for (const key of tables.eventIds.keys())
    if (key.startsWith(eventIdKey(contactId, ""))) forgotten += Number(tables.eventIds.delete(key));
  return forgotten;
}
