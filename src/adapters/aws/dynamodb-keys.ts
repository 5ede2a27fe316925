/**
 * The key strings of docs/data-model.md, in one place. Pure: the memory store uses them too, so
 * both stores order and match records by the very same strings.
 */

export interface ItemKey {
  pk: string;
  sk: string;
}

export const contactPk = (contactId: string) => `C#${contactId}`;

export const profileKey = (contactId: string): ItemKey => ({ pk: contactPk(contactId), sk: "PROFILE" });

/** GSI1 partition key of a profile: the lowercased address. */
export const emailGsiPk = (email: string) => `EMAIL#${email.toLowerCase()}`;

export const STAGE_PREFIX = "STAGE#";
export const stageSk = (at: string, to: string) => `${STAGE_PREFIX}${at}#${to}`;

export const EVENT_PREFIX = "EV#";
export const eventSk = (at: string, eventId: string) => `${EVENT_PREFIX}${at}#${eventId}`;

/** The inclusive sort-key range of a contact's events at or after `since` (all of them without it). */
export function eventRange(since?: string): { from: string; to: string } {
  return { from: `${EVENT_PREFIX}${since ?? ""}`, to: `${EVENT_PREFIX}\uffff` };
}

export const ENROLLMENT_PREFIX = "ENR#";
/** Sort-key prefix of a contact's enrollments, of one workflow when given. */
export const enrollmentPrefix = (workflowId?: string) =>
  workflowId === undefined ? ENROLLMENT_PREFIX : `${ENROLLMENT_PREFIX}${workflowId}#`;

const MAX_SEQ = 999_999;

export function isValidSeq(seq: number): boolean {
  return Number.isInteger(seq) && seq >= 1 && seq <= MAX_SEQ;
}

export const enrollmentSk = (workflowId: string, seq: number) =>
  `${enrollmentPrefix(workflowId)}${String(seq).padStart(6, "0")}`;

/** `<workflowId>.<seq>`: workflow ids are kebab-case (no dots). */
export const enrollmentId = (workflowId: string, seq: number) => `${workflowId}.${seq}`;

/** Splits an enrollment id at its last dot; undefined when it is not `<workflowId>.<seq>`. */
export function parseEnrollmentId(id: string): { workflowId: string; seq: number } | undefined {
  const dot = id.lastIndexOf(".");
  if (dot <= 0) return undefined;
  const digits = id.slice(dot + 1);
  if (!/^[1-9]\d*$/.test(digits)) return undefined;
  const seq = Number(digits);
  return isValidSeq(seq) ? { workflowId: id.slice(0, dot), seq } : undefined;
}

/** Throws unless the enrollment's id is `<workflowId>.<seq>` with a seq of 1..999999. */
export function assertEnrollmentId(enrollment: { id: string; workflowId: string; seq: number }): void {
  if (!isValidSeq(enrollment.seq)) throw new Error(`enrollment seq must be 1..999999, got ${enrollment.seq}`);
  const expected = enrollmentId(enrollment.workflowId, enrollment.seq);
  if (enrollment.id !== expected) throw new Error(`enrollment id must be ${expected}, got ${enrollment.id}`);
}

/** The key of a contact's enrollment from its id; undefined when the id is not `<workflowId>.<seq>`. */
export function enrollmentKey(
  contactId: string,
  id: string,
): { key: ItemKey; workflowId: string } | undefined {
  const parsed = parseEnrollmentId(id);
  if (!parsed) return undefined;
  return {
    key: { pk: contactPk(contactId), sk: enrollmentSk(parsed.workflowId, parsed.seq) },
    workflowId: parsed.workflowId,
  };
}

export const enrollmentGsiPk = (status: string) => `ENR#${status}`;
export const enrollmentGsiSk = (workflowId: string, startedAt: string) => `${workflowId}#${startedAt}`;

export const sendSk = (enrollmentId: string, stepId: string) => `SEND#${enrollmentId}#${stepId}`;
export const sendKey = (contactId: string, enrollmentId: string, stepId: string): ItemKey => ({
  pk: contactPk(contactId),
  sk: sendSk(enrollmentId, stepId),
});
export const messageGsiPk = (messageId: string) => `MSG#${messageId}`;
export const MESSAGE_GSI_SK = "SEND";

export const suppressionKey = (email: string): ItemKey => ({ pk: `SUPP#${email.toLowerCase()}`, sk: "SUPP" });

export const replyKey = (key: string): ItemKey => ({ pk: `REPLY#${key}`, sk: "REPLY" });

export const taskKey = (taskId: string): ItemKey => ({ pk: `TASK#${taskId}`, sk: "TASK" });
export const ownerGsiPk = (owner: string) => `OWNER#${owner}`;
export const taskGsiSk = (status: string, deadline: string) => `${status}#${deadline}`;
/** GSI1 sort-key prefix of a rep's tasks in one status. */
export const taskStatusPrefix = (status: string) => `${status}#`;

export const counterKey = (name: string): ItemKey => ({ pk: `COUNTER#${name}`, sk: "COUNTER" });

/** DynamoDB's order of string keys: by their UTF-8 bytes (not JavaScript's UTF-16 order). */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}
