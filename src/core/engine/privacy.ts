/**
 * Erasure (GDPR Art. 17) and export (Art. 15, 20) of a contact: every place Handoff keeps data about
 * it. The store keeps the contact's partition, its tasks and reply keys, and the suppression list;
 * the raw inbound messages are in the archive (the inbound bucket), referenced from the partition;
 * the dead-letter queues may hold events that name the contact. docs/data-model.md has the layout.
 */
import { repTaskId } from "../enrollment-id";
import { ErrorNames } from "../errors";
import type { ContactRecords, Enrollment, SendRecord } from "../model";
import type { DeadLetterQueues, DeadLetterScan, OlderRecords, RawMailArchive } from "../ports";
import { leaveAccount } from "./accounts";
import { countErasure } from "./count-facts";
import type { EngineDeps } from "./deps";
import { replyPayload } from "./links";

/** What erasure and export reach besides the store. */
export interface PrivacyPorts {
  rawMail: RawMailArchive;
  deadLetters: DeadLetterQueues;
}

/** The cause a stopped execution's pause fails with (ids only: it stays in the execution history). */
export const ERASED_REASON = "erased";

/** Characters that continue an id or an address: a mention must not touch one on either side. */
const WORD = /[A-Za-z0-9._@+-]/;

/** True when `body` names the contact: its id or address as a whole token (an address in any case). */
export function mentionsContact(body: string, contact: { id: string; email: string }): boolean {
  const found = (text: string, needle: string) => {
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
      const before = text[at - 1];
      const after = text[at + needle.length];
      if ((before === undefined || !WORD.test(before)) && (after === undefined || !WORD.test(after)))
        return true;
    }
    return false;
  };
  return found(body, contact.id) || found(body.toLowerCase(), contact.email.toLowerCase());
}

/**
 * Tasks and reply keys of the contact that older versions wrote without a reference in its
 * partition, derived the way they were named: a task per task step of each enrollment's workflow,
 * a stored reply key per email in the send ledger.
 */
export function olderRecords(
  deps: EngineDeps,
  contactId: string,
  enrollments: Enrollment[],
  sends: SendRecord[],
): OlderRecords {
  const taskIds = enrollments.flatMap((enrollment) => {
    const workflow = deps.catalog.workflows.get(enrollment.workflowId);
    const steps = workflow?.steps.filter((step) => step.type === "task") ?? [];
    return steps.map((step) => repTaskId(enrollment, step.id));
  });
  const replyKeys = sends
    .map((send) => replyPayload({ contactId, enrollmentId: send.enrollmentId, stepId: send.stepId }))
    .filter((reply) => reply.stored)
    .map((reply) => reply.payload);
  return { taskIds, replyKeys };
}

/** A request about one contact's data: undefined when there is no such contact. */
type ContactRequest<T> = (deps: EngineDeps, ports: PrivacyPorts, contactId: string) => Promise<T | undefined>;

/**
 * The request that runs `handle` on everything the store keeps about the contact (the older
 * records it may not reference included), when there is such a contact.
 */
function onRecords<T>(
  handle: (deps: EngineDeps, ports: PrivacyPorts, records: ContactRecords) => Promise<T>,
): ContactRequest<T> {
  return async (deps, ports, contactId) => {
    const view = await deps.store.getContactView(contactId);
    if (!view) return undefined;
    const older = olderRecords(deps, contactId, view.enrollments, view.sends);
    const records = await deps.store.exportContact(contactId, older);
    return records && handle(deps, ports, records);
  };
}

/** The dead-letter messages that name the contact, per queue: kept (an export) or deleted (an erasure). */
function scanDeadLetters(ports: PrivacyPorts, contact: ContactRecords["contact"], then: "keep" | "delete") {
  return ports.deadLetters.scan({ matches: (body) => mentionsContact(body, contact), then });
}

export interface ContactExport {
  contactId: string;
  exportedAt: string;
  records: ContactRecords;
  /** The raw inbound messages (undefined: expired under the retention setting, or never stored). */
  rawMail: Array<{ messageId: string; at: string; raw?: string }>;
  /** Dead-letter messages that name the contact, per queue, and whether each queue was read to its end. */
  deadLetters: Array<{ queue: string; messages: string[]; complete: boolean }>;
}

/** Everything Handoff keeps about the contact; undefined when there is no such contact. */
export const exportContactData = onRecords<ContactExport>(async (deps, ports, records) => {
  const rawMail = await Promise.all(
    records.rawMail.map(async ({ messageId, at }) => {
      const raw = await ports.rawMail.read(messageId);
      return { messageId, at, ...(raw !== undefined ? { raw } : {}) };
    }),
  );
  const scans = await scanDeadLetters(ports, records.contact, "keep");
  return {
    contactId: records.contact.id,
    exportedAt: deps.clock.now().toISOString(),
    records,
    rawMail,
    deadLetters: scans.map((scan) => ({
      queue: scan.queue,
      messages: scan.matched,
      complete: scan.complete,
    })),
  };
});

export interface ErasureReport {
  contactId: string;
  erasedAt: string;
  /** Paused executions ended at once (each routed to its Exited state). */
  executionsStopped: number;
  rawMailDeleted: number;
  deadLetters: Array<Omit<DeadLetterScan, "matched"> & { deleted: number }>;
}

/**
 * Erases the contact; undefined when there is no such contact (already erased, or never known).
 * Order: paused executions end (their pause fails with Handoff.Interrupt.Exit), scheduled starts
 * are cancelled; a running step's
 * next guard finds no contact and exits the same way. Then what lies outside the table (raw mail,
 * dead letters), then its account's row, then the store, the profile last: a run cut short still finds the contact, and
 * the next run (DELETE again) finishes it.
 */
export const eraseContactData = onRecords<ErasureReport>(async (deps, ports, records) => {
  const contactId = records.contact.id;
  const erasedAt = deps.clock.now().toISOString();
  let executionsStopped = 0;
  for (const enrollment of records.enrollments) {
    if (enrollment.status !== "active") continue;
    // Not started yet (scheduled for its first email's window): nothing runs, nothing will start.
    if (enrollment.startsAt !== undefined) {
      await deps.store.clearScheduledStart(contactId, enrollment.id, enrollment.startsAt);
      continue;
    }
    const token = enrollment.pause?.token;
    if (!token) continue;
    const signal = await deps.control.sendTaskFailure(token, ErrorNames.InterruptExit, ERASED_REASON);
    if (signal === "delivered") executionsStopped++;
  }
  for (const { messageId } of records.rawMail) await ports.rawMail.delete(messageId);
  const scans = await scanDeadLetters(ports, records.contact, "delete");
  const older = olderRecords(deps, contactId, records.enrollments, records.sends);
  await leaveAccount(deps, records.contact);
  // Counted before the records go (a rerun finds no contact, and counts nothing again).
  await countErasure(deps, records, erasedAt);
  await deps.store.eraseContact(contactId, { at: erasedAt, writtenBeforeReferences: older });
  return {
    contactId,
    erasedAt,
    executionsStopped,
    rawMailDeleted: records.rawMail.length,
    deadLetters: scans.map(({ matched, ...scan }) => ({ ...scan, deleted: matched.length })),
  };
});
