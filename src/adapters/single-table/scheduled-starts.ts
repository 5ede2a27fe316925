/**
 * Scheduled starts (docs/data-model.md, "Scheduled starts"): a sparse index of the enrollments
 * whose execution waits for its first email's send window. Pure: both stores list a minute's starts
 * by these keys, so they order them the same way.
 *
 * Invariant: an enrollment item carries `startMinute` and `startSk` exactly while it has
 * `startsAt` (written when it is created, removed with `startsAt` by clearScheduledStart; an
 * enrollment patch never touches `startsAt`, src/core/patch.ts).
 */
import { minuteOf, type ScheduledStart, startSecondOf } from "../../core/contact-store";
import type { Enrollment } from "../../core/model";
import { contactPk, enrollmentSk } from "./keys";

/** The index: partition by the minute a start is due, sorted by its second, then contact and enrollment. */
export const START_INDEX = { indexName: "ByStart", partitionKey: "startMinute", sortKey: "startSk" } as const;

/** What the index projects: a ScheduledStart. */
export const START_FIELDS = [
  "id",
  "contactId",
  "workflowId",
  "executionName",
  "startsAt",
  "startSlot",
] as const;

/** Item attributes of the index (not record fields). */
export const START_ATTRIBUTES: readonly string[] = [START_INDEX.partitionKey, START_INDEX.sortKey];

export const startMinuteKey = (minute: string) => `START#${minute}`;

/** The index attributes of an enrollment: none unless its start is scheduled. */
export function startIndexAttributes(enrollment: Enrollment): Record<string, string> {
  if (enrollment.startsAt === undefined) return {};
  const second = startSecondOf(enrollment);
  const at = new Date(second * 1000).toISOString();
  return {
    [START_INDEX.partitionKey]: startMinuteKey(minuteOf(second)),
    [START_INDEX.sortKey]: `${at}#${contactPk(enrollment.contactId)}#${enrollmentSk(enrollment.workflowId, enrollment.seq)}`,
  };
}

/** What the index holds of an enrollment. */
export function scheduledStartOf(record: object): ScheduledStart {
  const fields = record as Record<string, unknown>;
  return Object.fromEntries(
    START_FIELDS.filter((field) => fields[field] !== undefined).map((field) => [field, fields[field]]),
  ) as ScheduledStart;
}
