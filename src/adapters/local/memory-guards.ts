/**
 * The memory store's share of what the HTTP API's guards keep: signatures seen, rate counters,
 * callers' event ids, paged status lists, and DynamoDB's item limit, with the same observable
 * behaviour as src/adapters/aws/dynamodb-guards.ts.
 */
import { ItemTooLargeError } from "../../core/errors";
import type { Enrollment, EnrollmentStatus } from "../../core/model";
import type { Expiry, Page } from "../../core/ports";
import { decodeCursor, encodeCursor, type IndexPosition } from "../single-table/cursor";
import { MAX_ITEM_BYTES } from "../single-table/items";
import { compareKeys, contactPk, enrollmentGsiPk, enrollmentGsiSk, enrollmentSk } from "../single-table/keys";

/** Expired entries are dropped once this many are kept (DynamoDB's TTL does it there). */
const PRUNE_AT = 10_000;

/** Throws like DynamoDB for a record over 400 KB (its JSON size: a close, slightly high estimate). */
export function assertFits(what: string, record: unknown): void {
  if (Buffer.byteLength(JSON.stringify(record), "utf8") > MAX_ITEM_BYTES) throw new ItemTooLargeError(what);
}

export class MemoryGuards {
  private readonly eventIds = new Map<string, string>();
  private readonly remembered = new Map<string, number>();

  claimEventId(contactId: string, eventId: string, at: string): { claimed: boolean; at: string } {
    const key = `${contactId}\n${eventId}`;
    const first = this.eventIds.get(key);
    if (first !== undefined) return { claimed: false, at: first };
    this.eventIds.set(key, at);
    return { claimed: true, at };
  }

  /** Forgets the contact's claimed event ids (they live in its partition on DynamoDB): how many. */
  forgetEventIds(contactId: string): number {
    let forgotten = 0;
    for (const key of this.eventIds.keys())
      if (key.startsWith(`${contactId}\n`)) forgotten += Number(this.eventIds.delete(key));
    return forgotten;
  }

  rememberOnce(key: string, expiry: Expiry): boolean {
    this.prune(expiry.now);
    const until = this.remembered.get(key);
    if (until !== undefined && until > expiry.now.getTime()) return false;
    this.remembered.set(key, expiry.expiresAt.getTime());
    return true;
  }

  private prune(now: Date): void {
    if (this.remembered.size < PRUNE_AT) return;
    for (const [key, until] of this.remembered) if (until <= now.getTime()) this.remembered.delete(key);
  }
}

/** The keys an enrollment has in DynamoDB's status index, in which the list is ordered. */
function positionOf(e: Enrollment): IndexPosition {
  return {
    pk: contactPk(e.contactId),
    sk: enrollmentSk(e.workflowId, e.seq),
    gsi1pk: enrollmentGsiPk(e.status),
    gsi1sk: enrollmentGsiSk(e.workflowId, e.startedAt),
  };
}

function comparePositions(a: IndexPosition, b: IndexPosition): number {
  return compareKeys(a.gsi1sk, b.gsi1sk) || compareKeys(a.pk, b.pk) || compareKeys(a.sk, b.sk);
}

/** One page of `all` enrollments in `status`, as DynamoDB's status index lists them. */
export function pageByStatus(
  all: Enrollment[],
  status: EnrollmentStatus,
  page: { workflowId?: string; limit: number; cursor?: string },
): Page<Enrollment> {
  const partition = enrollmentGsiPk(status);
  const prefix = page.workflowId ? `${page.workflowId}#` : "";
  const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor, partition, prefix);
  const rows = all
    .filter((e) => e.status === status && (page.workflowId === undefined || e.workflowId === page.workflowId))
    .map((enrollment) => ({ enrollment, position: positionOf(enrollment) }))
    .filter(({ position }) => after === undefined || comparePositions(position, after) > 0)
    .sort((a, b) => comparePositions(a.position, b.position));
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((row) => row.enrollment),
    ...(rows.length > page.limit && last ? { cursor: encodeCursor(last.position) } : {}),
  };
}
