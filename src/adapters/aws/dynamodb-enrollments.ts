/**
 * The store's enrollments on the single table (docs/data-model.md): items of the contact's
 * partition, listed across contacts through the status index (GSI1 `ENR#<status>`).
 */
import type { EnrollmentStore } from "../../core/contact-store";
import type { Enrollment } from "../../core/model";
import { enrollmentPatchRules, isEmptyPatch } from "../../core/patch";
import { decodeCursor, encodeCursor, type IndexPosition } from "../single-table/cursor";
import { enrollmentItem, fromItem, type Item, splitItemPatch } from "../single-table/items";
import * as keys from "../single-table/keys";
import {
  START_ATTRIBUTES,
  START_INDEX,
  scheduledStartOf,
  startMinuteKey,
} from "../single-table/scheduled-starts";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

export class DynamoDbEnrollments implements EnrollmentStore {
  constructor(private readonly table: DynamoDbTable) {}

  readonly createEnrollment: EnrollmentStore["createEnrollment"] = async (enrollment) => {
    keys.assertEnrollmentId(enrollment);
    const expr = new Expressions();
    return this.table.put(enrollmentItem(enrollment), { expr, text: expr.notExists("sk") });
  };

  readonly getEnrollment: EnrollmentStore["getEnrollment"] = async (contactId, id) => {
    const found = keys.enrollmentKey(contactId, id);
    return found && this.table.getRecord<Enrollment>(found.key);
  };

  readonly listEnrollments: EnrollmentStore["listEnrollments"] = async (contactId, workflowId) =>
    this.table.queryRecords<Enrollment>({
      partition: keys.contactPk(contactId),
      prefix: keys.enrollmentPrefix(workflowId),
    });

  /**
   * One page of the status index. It reads one item more than the page, so a cursor is given only
   * when another page exists (as the memory store does); the cursor is the page's last item's keys.
   */
  readonly listEnrollmentsByStatus: EnrollmentStore["listEnrollmentsByStatus"] = async (status, page) => {
    const partition = keys.enrollmentGsiPk(status);
    const prefix = keys.enrollmentGsiSkPrefix(page.workflowId);
    const query = { index: "GSI1" as const, partition, ...(prefix ? { prefix } : {}) };
    const rows: Item[] = [];
    let start: Record<string, unknown> | undefined =
      page.cursor === undefined ? undefined : { ...decodeCursor(page.cursor, partition, prefix) };
    do {
      const out = await this.table.queryPage(query, { limit: page.limit + 1 - rows.length, start });
      rows.push(...out.items);
      start = out.lastKey;
    } while (start !== undefined && rows.length <= page.limit);
    const items = rows.slice(0, page.limit);
    const last = items.at(-1) as IndexPosition | undefined;
    return {
      items: items.map((item) => fromItem<Enrollment>(item)),
      ...(rows.length > page.limit && last ? { cursor: encodeCursor(last) } : {}),
    };
  };

  readonly updateEnrollment: EnrollmentStore["updateEnrollment"] = async (contactId, id, patch, onlyIf) => {
    const found = keys.enrollmentKey(contactId, id);
    if (!found || onlyIf?.length === 0) return false;
    const { key, workflowId } = found;
    const split = splitItemPatch(patch, enrollmentPatchRules);
    if (isEmptyPatch(split)) {
      const current = await this.table.getRecord<Enrollment>(key);
      return current !== undefined && (onlyIf === undefined || onlyIf.includes(current.status));
    }
    const { set, remove } = split;
    if (typeof set.status === "string") set.gsi1pk = keys.enrollmentGsiPk(set.status);
    if (typeof set.startedAt === "string") set.gsi1sk = keys.enrollmentGsiSk(workflowId, set.startedAt);
    const expr = new Expressions();
    let condition = expr.exists("pk");
    if (onlyIf !== undefined) condition += ` AND ${expr.oneOf("status", onlyIf)}`;
    return (await this.table.update(key, { expr, update: expr.update(set, remove), condition })).ok;
  };

  readonly clearPause: EnrollmentStore["clearPause"] = async (contactId, id, token) => {
    const found = keys.enrollmentKey(contactId, id);
    if (!found) return false;
    const expr = new Expressions();
    const change = { expr, update: expr.update({}, ["pause"]), condition: expr.equals("pause.token", token) };
    return (await this.table.update(found.key, change)).ok;
  };

  readonly listScheduledStarts: EnrollmentStore["listScheduledStarts"] = async (minute) => {
    const query = { index: START_INDEX.indexName, partition: startMinuteKey(minute) };
    return (await this.table.query(query)).map((item) => scheduledStartOf(item));
  };

  readonly clearScheduledStart: EnrollmentStore["clearScheduledStart"] = async (contactId, id, startsAt) => {
    const found = keys.enrollmentKey(contactId, id);
    if (!found) return false;
    const expr = new Expressions();
    const update = expr.update({}, ["startsAt", ...START_ATTRIBUTES]);
    return (
      await this.table.update(found.key, { expr, update, condition: expr.equals("startsAt", startsAt) })
    ).ok;
  };
}
