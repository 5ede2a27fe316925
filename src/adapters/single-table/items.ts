/**
 * Records <-> table items (docs/data-model.md). Pure: no SDK import. The patch rules both stores
 * apply are in src/core/patch.ts.
 *
 * An item is its record's fields at the top level (conditions test `stage`, `status`, `pause.token`)
 * plus the keys and two bookkeeping attributes, all stripped again on the way out.
 */

import { copyWithoutUndefined } from "../../core/deep-copy";
import type {
  Contact,
  EngagementEvent,
  Enrollment,
  RawMailRef,
  ReplyRef,
  RepTask,
  SendRecord,
  StageChange,
  Suppression,
} from "../../core/model";
import { type PatchRules, type SplitPatch, splitPatch } from "../../core/patch";
import { LIST_ATTRIBUTES, listAttributes } from "./contact-lists";
import {
  contactPk,
  emailGsiPk,
  enrollmentGsiPk,
  enrollmentGsiSk,
  enrollmentSk,
  eventSk,
  externalTaskKey,
  MESSAGE_GSI_SK,
  messageGsiPk,
  ownerGsiPk,
  profileKey,
  type ReferenceKind,
  referenceSk,
  replyKey,
  sendSk,
  stageSk,
  suppressionKey,
  taskGsiSk,
  taskKey,
  UNCERTAIN_GSI_PK,
  uncertainGsiSk,
} from "./keys";
import { START_ATTRIBUTES, startIndexAttributes } from "./scheduled-starts";

export type Item = Record<string, unknown>;

export type Entity =
  | "contact"
  | "stage"
  | "reply"
  | "event"
  | "enrollment"
  | "send"
  | "suppression"
  | "task"
  | "counter"
  | "reference"
  | "rawMail"
  | "once"
  | "event-id"
  | "account"
  | "account-member"
  | "stat"
  | "counted"
  | "external-task"
  | "value";

/** Attribute naming the record kind of an item (for operations and scans). */
export const ENTITY = "_entity";
/** Profile attribute: the history key of the last stage change applied, so a retry can finish it. */
export const LAST_STAGE_CHANGE = "_lastStageChange";
/**
 * The table's one TTL attribute (stacks/Data.ts): epoch seconds after which DynamoDB may delete the
 * item. Events carry it under the stage's retention; remembered signatures and rate counters under
 * their window (the store's conditions decide for those, TTL only clears them away).
 */
export const EXPIRES_AT = "_expiresAt";
/** DynamoDB's largest item. */
export const MAX_ITEM_BYTES = 400 * 1024;

/** Epoch seconds, as TTL wants them. */
export const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** Item attributes that are not record fields. */
export const HIDDEN_ATTRIBUTES: readonly string[] = [
  "pk",
  "sk",
  "gsi1pk",
  "gsi1sk",
  ENTITY,
  LAST_STAGE_CHANGE,
  EXPIRES_AT,
  ...LIST_ATTRIBUTES,
  ...START_ATTRIBUTES,
];

/** The record an item holds. */
export function fromItem<T>(item: Item): T {
  const record: Item = { ...item };
  for (const name of HIDDEN_ATTRIBUTES) delete record[name];
  return record as T;
}

function item(entity: Entity, record: object, keys: object): Item {
  return { ...copyWithoutUndefined(record), ...keys, [ENTITY]: entity };
}

export function contactItem(contact: Contact): Item {
  return item("contact", contact, {
    ...profileKey(contact.id),
    gsi1pk: emailGsiPk(contact.email),
    gsi1sk: contactPk(contact.id),
    // Its stage is set as it is created: the lists count that as its first stage change.
    ...listAttributes(contact, contact.createdAt),
  });
}

export function stageItem(change: StageChange): Item {
  return item("stage", change, { pk: contactPk(change.contactId), sk: stageSk(change.at, change.to) });
}

/** An event's item; with a retention, it carries the time DynamoDB's TTL may delete it. */
export function eventItem(event: EngagementEvent, retentionDays?: number): Item {
  const keys: Record<string, unknown> = { pk: contactPk(event.contactId), sk: eventSk(event.at, event.id) };
  if (retentionDays !== undefined)
    keys[EXPIRES_AT] = Math.floor(Date.parse(event.at) / 1000) + Math.round(retentionDays * 86400);
  return item("event", event, keys);
}

/** What a contact's reference item holds: the kind and id of the record outside its partition. */
export interface Reference {
  contactId: string;
  kind: Exclude<ReferenceKind, "rawMail">;
  id: string;
}

export function referenceItem(reference: Reference): Item {
  const keys = { pk: contactPk(reference.contactId), sk: referenceSk(reference.kind, reference.id) };
  return item("reference", reference, keys);
}

export function rawMailItem(ref: RawMailRef): Item {
  return item("rawMail", ref, { pk: contactPk(ref.contactId), sk: referenceSk("rawMail", ref.messageId) });
}

export function enrollmentItem(enrollment: Enrollment): Item {
  return item("enrollment", enrollment, {
    pk: contactPk(enrollment.contactId),
    sk: enrollmentSk(enrollment.workflowId, enrollment.seq),
    gsi1pk: enrollmentGsiPk(enrollment.status),
    gsi1sk: enrollmentGsiSk(enrollment.workflowId, enrollment.startedAt),
    ...startIndexAttributes(enrollment),
  });
}

export function sendItem(record: SendRecord): Item {
  return item("send", record, {
    pk: contactPk(record.contactId),
    sk: sendSk(record.enrollmentId, record.stepId),
    ...sendGsiKeys(record),
  });
}

/**
 * A ledger entry's GSI1 keys: by its SES message id once it has one, else under the uncertain
 * sends while it is uncertain, else none. `fields` may be a patch: keys follow what it sets.
 */
export function sendGsiKeys(
  fields: Pick<SendRecord, "contactId" | "enrollmentId" | "stepId"> & Partial<SendRecord>,
): Record<string, string> {
  if (fields.messageId !== undefined)
    return { gsi1pk: messageGsiPk(fields.messageId), gsi1sk: MESSAGE_GSI_SK };
  if (fields.status !== "uncertain" || fields.uncertainAt === undefined) return {};
  const { uncertainAt, contactId, enrollmentId, stepId } = fields;
  return { gsi1pk: UNCERTAIN_GSI_PK, gsi1sk: uncertainGsiSk(uncertainAt, contactId, enrollmentId, stepId) };
}

export function replyItem(ref: ReplyRef): Item {
  return item("reply", ref, replyKey(ref.key));
}

export function suppressionItem(suppression: Suppression): Item {
  return item("suppression", suppression, suppressionKey(suppression.email));
}

/** A task's GSI1 keys: listed under its owner (none without one) by status and deadline. */
export function taskGsiKeys(task: Pick<RepTask, "owner" | "status" | "deadline">): Record<string, string> {
  const keys: Record<string, string> = { gsi1sk: taskGsiSk(task.status, task.deadline) };
  if (task.owner !== undefined) keys.gsi1pk = ownerGsiPk(task.owner);
  return keys;
}

export function taskItem(task: RepTask): Item {
  return item("task", task, { ...taskKey(task.id), ...taskGsiKeys(task) });
}

/** The lookup of a task by its tracker id (referenced from the contact's partition, erased with it). */
export function externalTaskItem(link: { externalId: string; taskId: string; contactId: string }): Item {
  return item("external-task", link, externalTaskKey(link.externalId));
}

/**
 * A patch split for the table: the record fields to set and remove, never a key or bookkeeping
 * attribute (HIDDEN_ATTRIBUTES), whatever the patch holds.
 */
export function splitItemPatch(patch: object, rules: PatchRules): SplitPatch {
  const split = splitPatch(patch, rules);
  for (const name of HIDDEN_ATTRIBUTES) delete split.set[name];
  return { set: split.set, remove: split.remove.filter((name) => !HIDDEN_ATTRIBUTES.includes(name)) };
}
