/**
 * How a store applies a patch to a record: which fields it may not touch, which are required, and
 * a patch as fields to set and fields to remove. Both stores apply these same rules, so a patch
 * means the same in DynamoDB and in memory.
 */
import { copyWithoutUndefined } from "./deep-copy";
import type { Contact, Enrollment, RepTask, SendRecord } from "./model";

/** The fields of a contact a patch may change (stage and consent have their own methods). */
export type ContactPatch = Partial<Omit<Contact, "id" | "stage" | "consent" | "createdAt">>;
export type EnrollmentPatch = Partial<Omit<Enrollment, "id" | "contactId" | "workflowId">>;
export type SendPatch = Partial<SendRecord>;
export type TaskPatch = Partial<RepTask>;

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
  // `startsAt` is written at creation and cleared by its own method (clearScheduledStart): the
  // scheduled-starts index keys follow it there and nowhere else.
  ignore: ["id", "contactId", "workflowId", "seq", "startsAt"],
  required: ["kind", "version", "status", "startedAt", "executionName"],
};

export const sendPatchRules: PatchRules = {
  // `clicks` has its own method (markClick): the first click of a link stays.
  ignore: ["contactId", "enrollmentId", "stepId", "clicks"],
  required: ["workflowId", "status", "claimedAt"],
};

export const taskPatchRules: PatchRules = {
  // `externalId` has its own method (linkExternalTask): a task is linked once.
  ignore: ["id", "externalId"],
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
    if (rules.ignore.includes(field)) continue;
    if (value !== undefined) set[field] = copyWithoutUndefined(value);
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
