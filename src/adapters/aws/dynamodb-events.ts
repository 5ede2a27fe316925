/**
 * The store's events on the single table (docs/data-model.md, "Bounded reads"): each event an item
 * of the contact's partition, kept `eventRetentionDays` when set (DynamoDB's TTL); and callers'
 * event ids, claimed once per contact.
 */
import type { EventStore } from "../../core/contact-store";
import type { EngagementEvent } from "../../core/model";
import { ENTITY, eventItem, fromItem } from "../single-table/items";
import { contactPk, eventIdKey, eventRange } from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

/** A contact's events at or after `since`, only the newest `limit` when given, in time order. */
export async function queryEvents(
  table: DynamoDbTable,
  contactId: string,
  since?: string,
  limit?: number,
): Promise<EngagementEvent[]> {
  const query = { partition: contactPk(contactId), between: eventRange(since) };
  if (limit === undefined) return (await table.query(query)).map((item) => fromItem<EngagementEvent>(item));
  // Newest first up to the limit, then back into time order.
  const newest = await table.query(query, { order: "descending", limit });
  return newest.reverse().map((item) => fromItem<EngagementEvent>(item));
}

export class DynamoDbEvents implements EventStore {
  /** `eventRetentionDays`: an event's item carries the time TTL may delete it; kept for ever without. */
  constructor(
    private readonly table: DynamoDbTable,
    private readonly eventRetentionDays: number | undefined,
  ) {}

  readonly recordEvent: EventStore["recordEvent"] = async (event) => {
    const expr = new Expressions();
    return this.table.put(eventItem(event, this.eventRetentionDays), { expr, text: expr.notExists("sk") });
  };

  readonly claimEventId: EventStore["claimEventId"] = async (contactId, eventId, at) => {
    const key = eventIdKey(contactId, eventId);
    const expr = new Expressions();
    if (await this.table.put({ ...key, [ENTITY]: "event-id", at }, { expr, text: expr.notExists("sk") }))
      return { claimed: true, at };
    return { claimed: false, at: String((await this.table.get(key))?.at ?? at) };
  };

  readonly listEvents: EventStore["listEvents"] = async (contactId, since, limit) =>
    queryEvents(this.table, contactId, since, limit);
}
