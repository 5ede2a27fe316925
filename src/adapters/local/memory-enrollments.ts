/** The memory store's enrollments, and the status index across contacts as DynamoDB lists it. */
import type { EnrollmentStore } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import type { Enrollment, EnrollmentStatus } from "../../core/model";
import { applyPatch, enrollmentPatchRules, splitPatch } from "../../core/patch";
import type { Page } from "../../core/ports";
import { decodeCursor, encodeCursor, type IndexPosition } from "../single-table/cursor";
import * as keys from "../single-table/keys";
import {
  START_INDEX,
  scheduledStartOf,
  startIndexAttributes,
  startMinuteKey,
} from "../single-table/scheduled-starts";
import type { MemoryTables } from "./memory-tables";

export class MemoryEnrollments implements EnrollmentStore {
  constructor(private readonly tables: MemoryTables) {}

  readonly createEnrollment: EnrollmentStore["createEnrollment"] = async (enrollment) => {
    keys.assertEnrollmentId(enrollment);
    const sk = keys.enrollmentSk(enrollment.workflowId, enrollment.seq);
    if (this.tables.enrollments.get(enrollment.contactId, sk)) return false;
    this.tables.enrollments.set(enrollment.contactId, sk, copyWithoutUndefined(enrollment));
    return true;
  };

  readonly getEnrollment: EnrollmentStore["getEnrollment"] = async (contactId, id) => {
    const found = this.#find(contactId, id);
    return found && copyWithoutUndefined(found.enrollment);
  };

  readonly listEnrollments: EnrollmentStore["listEnrollments"] = async (contactId, workflowId) => {
    const prefix = keys.enrollmentPrefix(workflowId);
    return this.tables.enrollments.list(contactId, (sk) => sk.startsWith(prefix));
  };

  readonly listEnrollmentsByStatus: EnrollmentStore["listEnrollmentsByStatus"] = async (status, page) => {
    const { items, cursor } = pageByStatus(this.tables.enrollments.everywhere(), status, page);
    return { items: items.map((e) => copyWithoutUndefined(e)), ...(cursor ? { cursor } : {}) };
  };

  readonly updateEnrollment: EnrollmentStore["updateEnrollment"] = async (contactId, id, patch, onlyIf) => {
    const found = this.#find(contactId, id);
    if (!found || (onlyIf !== undefined && !onlyIf.includes(found.enrollment.status))) return false;
    const next = applyPatch(found.enrollment, splitPatch(patch, enrollmentPatchRules));
    this.tables.enrollments.set(contactId, found.sk, next);
    return true;
  };

  readonly clearPause: EnrollmentStore["clearPause"] = async (contactId, id, token) => {
    const found = this.#find(contactId, id);
    if (!found || found.enrollment.pause?.token !== token) return false;
    const { pause: _cleared, ...rest } = found.enrollment;
    this.tables.enrollments.set(contactId, found.sk, rest);
    return true;
  };

  readonly listScheduledStarts: EnrollmentStore["listScheduledStarts"] = async (minute) => {
    const partition = startMinuteKey(minute);
    return this.tables.enrollments
      .everywhere()
      .map((enrollment) => ({ enrollment, index: startIndexAttributes(enrollment) }))
      .filter(({ index }) => index[START_INDEX.partitionKey] === partition)
      .sort((a, b) => keys.compareKeys(a.index[START_INDEX.sortKey]!, b.index[START_INDEX.sortKey]!))
      .map(({ enrollment }) => scheduledStartOf(enrollment));
  };

  readonly clearScheduledStart: EnrollmentStore["clearScheduledStart"] = async (contactId, id, startsAt) => {
    const found = this.#find(contactId, id);
    if (!found || found.enrollment.startsAt !== startsAt) return false;
    const { startsAt: _cleared, ...rest } = found.enrollment;
    this.tables.enrollments.set(contactId, found.sk, rest);
    return true;
  };

  #find(contactId: string, id: string): { sk: string; enrollment: Enrollment } | undefined {
    const parsed = keys.parseEnrollmentId(id);
    if (!parsed) return undefined;
    const sk = keys.enrollmentSk(parsed.workflowId, parsed.seq);
    const enrollment = this.tables.enrollments.get(contactId, sk);
    return enrollment && { sk, enrollment };
  }
}

/** The keys an enrollment has in DynamoDB's status index, in which the list is ordered. */
function positionOf(e: Enrollment): IndexPosition {
  return {
    pk: keys.contactPk(e.contactId),
    sk: keys.enrollmentSk(e.workflowId, e.seq),
    gsi1pk: keys.enrollmentGsiPk(e.status),
    gsi1sk: keys.enrollmentGsiSk(e.workflowId, e.startedAt),
  };
}

function comparePositions(a: IndexPosition, b: IndexPosition): number {
  return keys.compareKeys(a.gsi1sk, b.gsi1sk) || keys.compareKeys(a.pk, b.pk) || keys.compareKeys(a.sk, b.sk);
}

/** One page of `all` enrollments in `status`, as DynamoDB's status index lists them. */
function pageByStatus(
  all: Enrollment[],
  status: EnrollmentStatus,
  page: { workflowId?: string; limit: number; cursor?: string },
): Page<Enrollment> {
  const partition = keys.enrollmentGsiPk(status);
  const prefix = keys.enrollmentGsiSkPrefix(page.workflowId);
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
