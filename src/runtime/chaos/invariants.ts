import type { Catalog } from "../../core/engine/deps";
import type { Enrollment } from "../../core/model";
import type { ContactStore, ContactView } from "../../core/ports";
import type { ExecutionRecord } from "../local-runtime";
import { eventKey, type Monitor } from "./monitor";
import { countDifferences, recount, storedCounts } from "./recount";

/** What a chaos run must never show, each counted in breaches. */
export const INVARIANTS = {
  noStepSentTwice: "no (enrollment, step) sent twice",
  noSendAfterWithdrawal: "no email to a contact after their unsubscribe, bounce or complaint was recorded",
  noStuckEnrollment:
    "every enrollment ends completed, handed off, exited, stopped or failed with a reason (none stuck)",
  everyEventStoredOnce: "every engagement event stored once, on the contact and enrollment it is about",
  everyHandoffOneSequence: "every handoff started exactly one sequence enrollment",
  countersMatchRecords: "the report counters equal a recount from the records (each fact counted once)",
} as const;
export type InvariantName = keyof typeof INVARIANTS;

export interface InvariantReport {
  breaches: Record<InvariantName, number>;
  /** Up to 5 examples of each breach, for the person reading the report. */
  examples: Partial<Record<InvariantName, string[]>>;
}

const ENDED = new Set(["completed", "handed-off", "exited", "stopped", "converted"]);
const MOST_EXAMPLES = 5;

/** What the invariants are checked against: the store (read without faults) and what the monitor saw. */
export interface InvariantInput {
  store: ContactStore;
  catalog: Catalog;
  monitor: Monitor;
  executions: Iterable<ExecutionRecord>;
  contactIds: string[];
}

/** The breaches found so far, counted, with the first few examples of each. */
class Breaches {
  readonly breaches = Object.fromEntries(Object.keys(INVARIANTS).map((name) => [name, 0])) as Record<
    InvariantName,
    number
  >;
  readonly examples: Partial<Record<InvariantName, string[]>> = {};

  add(name: InvariantName, example: string): void {
    this.breaches[name]++;
    const list = this.examples[name] ?? [];
    if (list.length < MOST_EXAMPLES) this.examples[name] = [...list, example];
  }

  report(): InvariantReport {
    return { breaches: this.breaches, examples: this.examples };
  }
}

/** Checks the invariants against the store (read without faults) and what the monitor saw. */
export async function checkInvariants(input: InvariantInput): Promise<InvariantReport> {
  const found = new Breaches();
  checkSends(input.monitor, found);
  const executions = executionsByEnrollment(input.executions);
  const stored = new Map<string, number>();
  for (const contactId of input.contactIds) {
    const view = await input.store.getContactView(contactId);
    if (!view) continue;
    countStoredEvents(view, stored);
    checkEnrollments({ view, contactId, catalog: input.catalog, executions, found });
  }
  for (const [key, contactId] of input.monitor.delivered) {
    const count = stored.get(key) ?? 0;
    if (count !== 1) found.add("everyEventStoredOnce", `${contactId}: ${key} stored ${count} times`);
  }
  const counted = await storedCounts(input.store, input.catalog);
  for (const difference of countDifferences(
    counted,
    await recount(input.store, input.contactIds, input.catalog),
  ))
    found.add("countersMatchRecords", difference);
  return found.report();
}

/** No (enrollment, step) sent twice; none sent by a step that began after consent was withdrawn. */
function checkSends(monitor: Monitor, found: Breaches): void {
  const perStep = new Map<string, number>();
  for (const send of monitor.accepted) {
    const key = `${send.contactId}/${send.enrollmentId}/${send.stepId}`;
    perStep.set(key, (perStep.get(key) ?? 0) + 1);
    const withdrawn = monitor.withdrawn.get(send.contactId);
    if (withdrawn !== undefined && send.invokedAt > withdrawn)
      found.add("noSendAfterWithdrawal", `${key}: sent by a step that began after consent was withdrawn`);
  }
  for (const [key, count] of perStep)
    if (count > 1) found.add("noStepSentTwice", `${key}: sent ${count} times`);
}

/** The executions of each enrollment ("<contact>/<enrollment>"): those still running, and how many started. */
interface EnrollmentExecutions {
  running: Set<string>;
  started: Map<string, number>;
}

function executionsByEnrollment(records: Iterable<ExecutionRecord>): EnrollmentExecutions {
  const running = new Set<string>();
  const started = new Map<string, number>();
  for (const record of records) {
    const key = `${record.contactId}/${record.enrollmentId}`;
    if (record.status === "running") running.add(key);
    started.set(key, (started.get(key) ?? 0) + 1);
  }
  return { running, started };
}

/** Adds the contact's stored SES events (those with a message id) to `stored`, by eventKey. */
function countStoredEvents(view: ContactView, stored: Map<string, number>): void {
  for (const event of view.events)
    if (event.messageId) stored.set(eventKey(event), (stored.get(eventKey(event)) ?? 0) + 1);
}

interface ContactCheck {
  view: ContactView;
  contactId: string;
  catalog: Catalog;
  executions: EnrollmentExecutions;
  found: Breaches;
}

/** Every enrollment of the contact ended (none stuck), and every handoff started one sequence. */
function checkEnrollments(check: ContactCheck): void {
  const { view, contactId, executions, found } = check;
  for (const enrollment of view.enrollments) {
    const key = `${contactId}/${enrollment.id}`;
    const running = executions.running.has(key);
    if (running || !(ENDED.has(enrollment.status) || (enrollment.status === "failed" && enrollment.reason)))
      found.add(
        "noStuckEnrollment",
        `${key}: ${enrollment.status}${running ? ", execution still running" : ""}`,
      );
    if (enrollment.status === "handed-off") checkHandoff(check, enrollment);
  }
}

/** The handoff `handedOff` started exactly one enrollment in its sequence, with one execution (or its start scheduled). */
function checkHandoff(
  { view, contactId, catalog, executions, found }: ContactCheck,
  handedOff: Enrollment,
): void {
  const from = catalog.workflows.get(handedOff.workflowId);
  const target = from?.kind === "campaign" ? from.handoff?.to : undefined;
  const sequences = view.enrollments.filter(
    (enrollment) => enrollment.workflowId === target && enrollment.source?.enrollmentId === handedOff.id,
  );
  // Consent wins over a handoff: a contact who unsubscribed meanwhile is not enrolled in sales;
  // and a contact already in the sequence at the handoff stays in that enrollment.
  const consentGone = view.contact.suppressed !== undefined || view.contact.consent.status !== "subscribed";
  const handedAt = handedOff.endedAt ?? "";
  const alreadyIn = view.enrollments.some(
    (enrollment) =>
      enrollment.workflowId === target &&
      enrollment.startedAt <= handedAt &&
      (enrollment.endedAt ?? "~") >= handedAt,
  );
  if (sequences.length === 0 && (consentGone || alreadyIn)) return;
  const started = sequences.map((sequence) => executions.started.get(`${contactId}/${sequence.id}`) ?? 0);
  // A sequence whose start is scheduled (its first email's window was closed) has none yet, and has
  // none at all if it ended before its start (an exit or stop while scheduled).
  const sequence = sequences[0];
  const unstarted = sequence?.startsAt !== undefined || (sequence?.status !== "active" && started[0] === 0);
  if (sequences.length !== 1 || started[0] !== (unstarted ? 0 : 1))
    found.add(
      "everyHandoffOneSequence",
      `${contactId}/${handedOff.id}: ${sequences.length} enrollment(s) in ${target}, ${started.join("+") || 0} execution(s)`,
    );
}
