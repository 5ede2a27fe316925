/**
 * The store's reads and writes for bounded reads, first clicks and withdrawn consent
 * (docs/data-model.md, "Bounded reads" and the access patterns), on the table's single-item
 * operations. Kept apart from the store class so it stays one concern per file.
 */
import type { Contact, EngagementEvent, Enrollment, SendRecord } from "../../core/model";
import type { ContactView, EventWindow } from "../../core/ports";
import { ENTITY, fromItem } from "../single-table/items";
import {
  contactPk,
  ENROLLMENT_PREFIX,
  eventRange,
  type ItemKey,
  PROFILE_AND_LEDGER,
  profileKey,
} from "../single-table/keys";
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

/** Three queries at once: profile and ledger, enrollments, and the events in the window. */
export async function queryContactView(
  table: DynamoDbTable,
  contactId: string,
  window?: EventWindow,
): Promise<ContactView | undefined> {
  const partition = contactPk(contactId);
  const [head, enrollments, events] = await Promise.all([
    table.query({ partition, between: PROFILE_AND_LEDGER }),
    table.query({ partition, prefix: ENROLLMENT_PREFIX }),
    queryEvents(table, contactId, window?.since, window?.limit),
  ]);
  const profile = head.find((item) => item[ENTITY] === "contact");
  if (!profile) return undefined;
  return {
    contact: fromItem<Contact>(profile),
    events,
    enrollments: enrollments.map((item) => fromItem<Enrollment>(item)),
    sends: head.filter((item) => item[ENTITY] === "send").map((item) => fromItem<SendRecord>(item)),
  };
}

/** Withdraws consent on condition it is not withdrawn yet; else reads the consent that stands. */
export async function withdrawConsentOnce(
  table: DynamoDbTable,
  contactId: string,
  withdrawal: { at: string; source: string },
): Promise<Contact["consent"] | undefined> {
  const expr = new Expressions();
  const update = expr.update({ consent: { status: "unsubscribed", ...withdrawal } });
  const stillGiven = `${expr.exists("pk")} AND NOT ${expr.equals("consent.status", "unsubscribed")}`;
  const { ok, attributes } = await table.update(profileKey(contactId), expr, update, stillGiven, true);
  if (ok) return attributes?.consent as Contact["consent"];
  return ((await table.get(profileKey(contactId))) as Contact | undefined)?.consent;
}

/**
 * Sets `clicks.<tag>` of a ledger entry only while absent. An entry without `clicks` yet gets the
 * map on its first click (a nested path cannot be set inside a missing map); first clicks of two
 * links racing for that are tried once more, so neither is lost.
 */
export async function markFirstClick(
  table: DynamoDbTable,
  key: ItemKey,
  tag: string,
  at: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const expr = new Expressions();
    const entry = expr.entry("clicks", tag);
    const condition = `${expr.exists("clicks")} AND attribute_not_exists(${entry})`;
    if ((await table.update(key, expr, `SET ${entry} = ${expr.value(at)}`, condition)).ok) return true;
    const create = new Expressions();
    const firstOfAll = `${create.exists("sk")} AND ${create.notExists("clicks")}`;
    if ((await table.update(key, create, create.update({ clicks: { [tag]: at } }), firstOfAll)).ok)
      return true;
    const current = (await table.get(key)) as SendRecord | undefined;
    if (!current || (current.clicks && Object.hasOwn(current.clicks, tag))) return false;
  }
  return false;
}
