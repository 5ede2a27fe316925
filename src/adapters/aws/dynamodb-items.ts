/**
 * Records <-> table items (docs/data-model.md), and the rules for patches. Pure: the memory store
 * applies the same patch rules, so both stores treat a patch alike.
 *
 * An item is its record's fields at the top level (conditions test `stage`, `status`, `pause.token`)
 * plus the keys and two bookkeeping attributes, all stripped again on the way out.
 */
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
import {
  contactPk,
  emailGsiPk,
  enrollmentGsiPk,
  enrollmentGsiSk,
  enrollmentSk,
  eventSk,
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
} from "./dynamodb-keys";

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
  | "event-id";

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
];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A deep copy without `undefined` (in objects and arrays): what DynamoDB and the memory store keep. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.filter((v) => v !== undefined).map((v) => withoutUndefined(v)) as T;
  }
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) copy[key] = withoutUndefined(v);
    return copy as T;
  }
  return value;
}

/** The record an item holds. */
export function fromItem<T>(item: Item): T {
  const record: Item = { ...item };
  for (const name of HIDDEN_ATTRIBUTES) delete record[name];
  return record as T;
}

function item(entity: Entity, record: object, keys: object): Item {
  return { ...withoutUndefined(record), ...keys, [ENTITY]: entity };
}

export function contactItem(contact: Contact): Item {
  return item("contact", contact, {
    ...profileKey(contact.id),
    gsi1pk: emailGsiPk(contact.email),
    gsi1sk: contactPk(contact.id),
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

/** How a patch applies: fields it may not touch (keys, or fields with their own method), required fields. */
export interface PatchRules {
  ignore: readonly string[];
  /** Required fields: `undefined` for one of them is ignored, not a removal. */
  required: readonly string[];
}

export const contactPatchRules: PatchRules = {
  ignore: ["id", "stage", "consent", "createdAt", "updatedAt"],
  required: ["email", "attributes"],
};

export const enrollmentPatchRules: PatchRules = {
  ignore: ["id", "contactId", "workflowId", "seq"],
  required: ["kind", "version", "status", "startedAt", "executionName"],
};

export const sendPatchRules: PatchRules = {
  // `clicks` has its own method (markClick): the first click of a link stays.
  ignore: ["contactId", "enrollmentId", "stepId", "clicks"],
  required: ["workflowId", "status", "claimedAt"],
};

export const taskPatchRules: PatchRules = {
  ignore: ["id"],
  required: [
    "contactId",
    "enrollmentId",
    "workflowId",
    "stepId",
    "task",
    "title",
    "status",
    "token",
    "createdAt",
    "deadline",
  ],
};

export interface SplitPatch {
  set: Record<string, unknown>;
  remove: string[];
}

/** A patch as fields to set and fields to remove (an optional field given as `undefined`). */
export function splitPatch(patch: object, rules: PatchRules): SplitPatch {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (rules.ignore.includes(field) || HIDDEN_ATTRIBUTES.includes(field)) continue;
    if (value !== undefined) set[field] = withoutUndefined(value);
    else if (!rules.required.includes(field)) remove.push(field);
  }
  return { set, remove };
}

/** `record` with a split patch applied (a new object). */
export function applyPatch<T extends object>(record: T, patch: SplitPatch): T {
  const next: Record<string, unknown> = { ...record, ...patch.set };
  for (const field of patch.remove) delete next[field];
  return next as T;
}

export function isEmptyPatch(patch: SplitPatch): boolean {
  return Object.keys(patch.set).length === 0 && patch.remove.length === 0;
}
