/**
 * The items the HTTP API's guards keep (docs/data-model.md): signatures seen (against replays),
 * per-key rate counters, callers' event ids, and paged reads of the status index. Single-item
 * conditional writes, as everywhere in the store; expiring items carry EXPIRES_AT for the table's TTL.
 */
import type { Enrollment, EnrollmentStatus } from "../../core/model";
import type { Expiry, Page } from "../../core/ports";
import { decodeCursor, encodeCursor, type IndexPosition } from "../single-table/cursor";
import { ENTITY, EXPIRES_AT, epochSeconds, fromItem, type Item } from "../single-table/items";
import { enrollmentGsiPk, eventIdKey, onceKey } from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

export async function claimEventId(
  table: DynamoDbTable,
  contactId: string,
  eventId: string,
  at: string,
): Promise<{ claimed: boolean; at: string }> {
  const key = eventIdKey(contactId, eventId);
  const expr = new Expressions();
  if (await table.put({ ...key, [ENTITY]: "event-id", at }, { expr, text: expr.notExists("sk") }))
    return { claimed: true, at };
  return { claimed: false, at: String((await table.get(key))?.at ?? at) };
}

/** A put on condition the key is new or expired (TTL deletes late, so the condition decides). */
export async function rememberOnce(table: DynamoDbTable, key: string, expiry: Expiry): Promise<boolean> {
  const expr = new Expressions();
  const free = `${expr.notExists("pk")} OR ${expr.name(EXPIRES_AT)} <= ${expr.value(epochSeconds(expiry.now))}`;
  const item = { ...onceKey(key), [ENTITY]: "once", [EXPIRES_AT]: epochSeconds(expiry.expiresAt) };
  return table.put(item, { expr, text: free });
}

/**
 * One page of the status index. It reads one item more than the page, so a cursor is given only
 * when another page exists (as the memory store does); the cursor is the page's last item's keys.
 */
export async function enrollmentsByStatus(
  table: DynamoDbTable,
  status: EnrollmentStatus,
  page: { workflowId?: string; limit: number; cursor?: string },
): Promise<Page<Enrollment>> {
  const partition = enrollmentGsiPk(status);
  const prefix = page.workflowId ? `${page.workflowId}#` : "";
  const query = { index: "GSI1" as const, partition, ...(prefix ? { prefix } : {}) };
  const rows: Item[] = [];
  let start: Record<string, unknown> | undefined =
    page.cursor === undefined ? undefined : { ...decodeCursor(page.cursor, partition, prefix) };
  do {
    const out = await table.queryPage(query, { limit: page.limit + 1 - rows.length, start });
    rows.push(...out.items);
    start = out.lastKey;
  } while (start !== undefined && rows.length <= page.limit);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1) as IndexPosition | undefined;
  return {
    items: items.map((item) => fromItem<Enrollment>(item)),
    ...(rows.length > page.limit && last ? { cursor: encodeCursor(last) } : {}),
  };
}
