import type { Catalog } from "../../core/engine/deps";
import type { ContactStore } from "../../core/ports";
import type { ExecutionRecord } from "../local-runtime";
import { eventKey, type Monitor } from "./monitor";

/** What a chaos run must never show, each counted in breaches. */
export const INVARIANTS = {
  noStepSentTwice: "no (enrollment, step) sent twice",
  noSendAfterWithdrawal: "no email to a contact after their unsubscribe, bounce or complaint was recorded",
  noStuckEnrollment:
    "every enrollment ends completed, handed off, exited, stopped or failed with a reason (none stuck)",
  everyEventStoredOnce: "every engagement event stored once, on the contact and enrollment it is about",
  everyHandoffOneSequence: "every handoff started exactly one sequence enrollment",
} as const;
export type InvariantName = keyof typeof INVARIANTS;

export interface InvariantReport {
  breaches: Record<InvariantName, number>;
  /** Up to 5 examples of each breach, for the person reading the report. */
  examples: Partial<Record<InvariantName, string[]>>;
}

const ENDED = new Set(["completed", "handed-off", "exited", "stopped", "converted"]);

/** Checks the invariants against the store (read without faults) and what the monitor saw. */
export async function checkInvariants(input: {
  store: ContactStore;
  catalog: Catalog;
  monitor: Monitor;
  executions: Iterable<ExecutionRecord>;
  contactIds: string[];
}): Promise<InvariantReport> {
  const { store, catalog, monitor } = input;
  const examples: Partial<Record<InvariantName, string[]>> = {};
  const breaches = Object.fromEntries(Object.keys(INVARIANTS).map((k) => [k, 0])) as Record<
    InvariantName,
    number
  >;
  const breach = (name: InvariantName, example: string) => {
    breaches[name]++;
    const list = examples[name] ?? [];
    if (list.length < 5) examples[name] = [...list, example];
  };

  const perStep = new Map<string, number>();
  for (const send of monitor.accepted) {
    const key = `${send.contactId}/${send.enrollmentId}/${send.stepId}`;
    perStep.set(key, (perStep.get(key) ?? 0) + 1);
    const withdrawn = monitor.withdrawn.get(send.contactId);
    if (withdrawn !== undefined && send.invokedAt > withdrawn)
      breach("noSendAfterWithdrawal", `${key}: sent by a step that began after consent was withdrawn`);
  }
  for (const [key, count] of perStep) if (count > 1) breach("noStepSentTwice", `${key}: sent ${count} times`);

  const running = new Set<string>();
  const started = new Map<string, number>();
  for (const e of input.executions) {
    const key = `${e.contactId}/${e.enrollmentId}`;
    if (e.status === "running") running.add(key);
    started.set(key, (started.get(key) ?? 0) + 1);
  }
  const stored = new Map<string, number>();
  for (const contactId of input.contactIds) {
    const view = await store.getContactView(contactId);
    if (!view) continue;
    for (const event of view.events)
      if (event.messageId) stored.set(eventKey(event), (stored.get(eventKey(event)) ?? 0) + 1);
    const consentGone = view.contact.suppressed !== undefined || view.contact.consent.status !== "subscribed";
    for (const e of view.enrollments) {
      const key = `${contactId}/${e.id}`;
      if (running.has(key) || !(ENDED.has(e.status) || (e.status === "failed" && e.reason)))
        breach(
          "noStuckEnrollment",
          `${key}: ${e.status}${running.has(key) ? ", execution still running" : ""}`,
        );
      if (e.status !== "handed-off") continue;
      const to = catalog.workflows.get(e.workflowId);
      const target = to?.kind === "campaign" ? to.handoff?.to : undefined;
      const sequences = view.enrollments.filter(
        (s) => s.workflowId === target && s.source?.enrollmentId === e.id,
      );
      // Consent wins over a handoff: a contact who unsubscribed meanwhile is not enrolled in sales;
      // and a contact already in the sequence at the handoff stays in that enrollment.
      const handedAt = e.endedAt ?? "";
      const alreadyIn = view.enrollments.some(
        (s) => s.workflowId === target && s.startedAt <= handedAt && (s.endedAt ?? "~") >= handedAt,
      );
      if (sequences.length === 0 && (consentGone || alreadyIn)) continue;
      const executions = sequences.map((s) => started.get(`${contactId}/${s.id}`) ?? 0);
      if (sequences.length !== 1 || executions[0] !== 1)
        breach(
          "everyHandoffOneSequence",
          `${key}: ${sequences.length} enrollment(s) in ${target}, ${executions.join("+") || 0} execution(s)`,
        );
    }
  }
  for (const [key, contactId] of monitor.delivered) {
    const count = stored.get(key) ?? 0;
    if (count !== 1) breach("everyEventStoredOnce", `${contactId}: ${key} stored ${count} times`);
  }
  return { breaches, examples };
}
