import { createHash } from "node:crypto";
import { assertEnrollmentId, enrollmentId, isValidSeq, parseEnrollmentId } from "../../core/enrollment-id";

export { assertEnrollmentId, enrollmentId, isValidSeq, parseEnrollmentId };
/**
 * The key strings of docs/data-model.md, in one place. Pure: the memory store uses them too, so
 * both stores order and match records by the very same strings.
 */

export interface ItemKey {
  pk: string;
  sk: string;
}

export const contactPk = (contactId: string) => `C#${contactId}`;

export const PROFILE_SK = "PROFILE";
export const profileKey = (contactId: string): ItemKey => ({ pk: contactPk(contactId), sk: PROFILE_SK });

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

export const enrollmentSk = (workflowId: string, seq: number) =>
  `${enrollmentPrefix(workflowId)}${String(seq).padStart(6, "0")}`;

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
/** The start of the status-index sort keys of one workflow's enrollments (of all of them without one). */
export const enrollmentGsiSkPrefix = (workflowId?: string) => (workflowId ? `${workflowId}#` : "");

export const SEND_PREFIX = "SEND#";
export const sendSk = (enrollmentId: string, stepId: string) => `${SEND_PREFIX}${enrollmentId}#${stepId}`;

/**
 * The sort-key range of a contact's profile and send ledger, and nothing else: in key order a
 * partition is ENR#…, EV#…, PROFILE, SEND#…, STAGE#…, so one query reads both without the events.
 */
export const PROFILE_AND_LEDGER = { from: PROFILE_SK, to: `${SEND_PREFIX}\uffff` };
export const sendKey = (contactId: string, enrollmentId: string, stepId: string): ItemKey => ({
  pk: contactPk(contactId),
  sk: sendSk(enrollmentId, stepId),
});
export const messageGsiPk = (messageId: string) => `MSG#${messageId}`;
export const MESSAGE_GSI_SK = "SEND";
/** GSI1 of an uncertain send: one partition, by when it became uncertain (unique per entry). */
export const UNCERTAIN_GSI_PK = "SEND#uncertain";
export const uncertainGsiSk = (
  uncertainAt: string,
  contactId: string,
  enrollmentId: string,
  stepId: string,
) => `${uncertainAt}#${contactPk(contactId)}#${sendSk(enrollmentId, stepId)}`;
/** A page cursor: the last sort key read, base64url (opaque to callers, and safe in a URL). */
export const pageCursor = (sortKey: string) => Buffer.from(sortKey, "utf8").toString("base64url");
export const cursorSortKey = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

export const suppressionKey = (email: string): ItemKey => ({ pk: `SUPP#${email.toLowerCase()}`, sk: "SUPP" });

/** SHA-256 (hex) of the lowercased address: all an erased contact's suppression keeps of it. */
export const addressHash = (email: string) => createHash("sha256").update(email.toLowerCase()).digest("hex");
/** An erased contact's suppression: keyed by the address's hash, never the address. */
export const hashedSuppressionKey = (email: string): ItemKey => ({
  pk: `SUPP#sha256:${addressHash(email)}`,
  sk: "SUPP",
});

/**
 * A contact's references to what is kept outside its partition (rep tasks, reply keys) and to its
 * raw inbound messages: written before what they point at, so erasure always finds it.
 */
export type ReferenceKind = "task" | "replyKey" | "rawMail" | "externalTask";
export const REFERENCE_PREFIX = "REF#";
export const referenceSk = (kind: ReferenceKind, id: string) => `${REFERENCE_PREFIX}${kind}#${id}`;

export const replyKey = (key: string): ItemKey => ({ pk: `REPLY#${key}`, sk: "REPLY" });

export const taskKey = (taskId: string): ItemKey => ({ pk: `TASK#${taskId}`, sk: "TASK" });
export const ownerGsiPk = (owner: string) => `OWNER#${owner}`;
/** The lookup of a rep task by its id in the task tracker (Asana's gid): `{ externalId, taskId, contactId }`. */
export const externalTaskKey = (externalId: string): ItemKey => ({
  pk: `EXTTASK#${externalId}`,
  sk: "EXTTASK",
});
export const taskGsiSk = (status: string, deadline: string) => `${status}#${deadline}`;
/** GSI1 sort-key prefix of a rep's tasks in one status. */
export const taskStatusPrefix = (status: string) => `${status}#`;

/** An account's partition: its members (`MEMBER#<contactId>`) and its row (`ACCOUNT`). */
export const accountPk = (account: string) => `ACCT#${account}`;
export const ACCOUNT_SK = "ACCOUNT";
export const MEMBER_PREFIX = "MEMBER#";
export const accountKey = (account: string): ItemKey => ({ pk: accountPk(account), sk: ACCOUNT_SK });
export const accountMemberKey = (account: string, contactId: string): ItemKey => ({
  pk: accountPk(account),
  sk: `${MEMBER_PREFIX}${contactId}`,
});
/** GSI1 partition of every account row with contacts: the top accounts are its first items. */
export const ACCOUNTS_GSI_PK = "ACCOUNTS";
/** Rank keys hold 10^15 minus the score in hundredths, 16 digits: scores from -9·10^13 to 10^13 points. */
const RANK_OFFSET = 10 ** 15;
/**
 * GSI1 sort key of an account row: ascending keys go highest score first (the score, in
 * hundredths, inverted and zero-padded), then by account name.
 */
export const accountRank = (hundredths: number, account: string) =>
  `${String(RANK_OFFSET - hundredths).padStart(16, "0")}#${account}`;

/** A report counter row (docs/data-model.md, "Counters"): a scope's day row, or its totals row. */
export const STAT_TOTAL_SK = "TOTAL";
export const STAT_DAY_PREFIX = "DAY#";
export const statKey = (scope: string, day?: string): ItemKey => ({
  pk: `STAT#${scope}`,
  sk: day === undefined ? STAT_TOTAL_SK : `${STAT_DAY_PREFIX}${day}`,
});

/**
 * A counted fact's marker: in the contact's partition (erased with it), or in its own partition for
 * a fact of no contact.
 */
export const COUNTED_PREFIX = "COUNTED#";
export const countedKey = (factId: string, contactId?: string): ItemKey =>
  contactId === undefined
    ? { pk: `${COUNTED_PREFIX}${factId}`, sk: "COUNTED" }
    : { pk: contactPk(contactId), sk: `${COUNTED_PREFIX}${factId}` };

export const counterKey = (name: string): ItemKey => ({ pk: `COUNTER#${name}`, sk: "COUNTER" });

/** A value kept under a name, perhaps until it expires (an integration's webhook secret). */
export const valueKey = (name: string): ItemKey => ({ pk: `VALUE#${name}`, sk: "VALUE" });

/** A key remembered until it expires (request signatures seen, against replays). */
export const onceKey = (key: string): ItemKey => ({ pk: `ONCE#${key}`, sk: "ONCE" });

/** A caller's event id, claimed once per contact whatever the event's time (POST /events). */
export const EVENT_ID_PREFIX = "EVID#";
export const eventIdKey = (contactId: string, eventId: string): ItemKey => ({
  pk: contactPk(contactId),
  sk: `${EVENT_ID_PREFIX}${eventId}`,
});

/**
 * DynamoDB's order of string keys: by their UTF-8 bytes (not JavaScript's UTF-16 order). UTF-8
 * bytes order as code points do, and so do UTF-16 code units where one of the first two that
 * differ is below U+D800 (the other is then a greater code point, or a surrogate of one): only two
 * units at or above it (a surrogate against U+E000-U+FFFF) need the bytes. A lone surrogate is
 * encoded as U+FFFD, as the bytes comparison always did.
 */
export function compareKeys(a: string, b: string): number {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 || y < 0xd800) return x < y ? -1 : 1;
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
