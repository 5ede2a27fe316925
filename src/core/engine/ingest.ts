import { conditionEvents, evaluateCondition, mentionsScoreOrStage } from "../conditions";
import { InterruptError } from "../errors";
import type { Scalar } from "../language";
import type { Contact, EngagementEvent, Enrollment, SuppressionReason } from "../model";
import { computeScore, promotedStage } from "../scoring";
import type { EngineDeps } from "./deps";
import { enroll } from "./enroll";
import { firedInterrupt, loadSituation, recordEnd } from "./situation";
import { moveStage } from "./stages";
import { timeline } from "./timeline";

export interface IngestResult {
  duplicate: boolean;
  score?: number;
  stage?: string;
  interrupted: Array<{ enrollmentId: string; kind: string; signal: string }>;
  resumed: string[];
  enrolled: string[];
}

const SUPPRESSING: Record<string, SuppressionReason> = {
  "email.bounce": "bounced",
  "email.complaint": "complained",
  "email.unsubscribe": "unsubscribed",
};

function matchesWait(enrollment: Enrollment, event: EngagementEvent): boolean {
  const awaited = enrollment.pause?.kind === "waitFor" ? enrollment.pause.event : undefined;
  if (!awaited || awaited.name !== event.name || event.at < enrollment.pause!.startedAt) return false;
  if (awaited.link !== undefined && event.properties.link !== awaited.link) return false;
  return Object.entries(awaited.where ?? {}).every(([k, v]) => event.properties[k] === (v as Scalar));
}

/**
 * The rules engine, run after every event: store it once, suppress on bounce, complaint or
 * unsubscribe, rescore and promote, then look at the contact's active enrollments. An interrupt
 * (handoff, exitWhen, stopWhen, lost consent) ends a pause at once through its task token; an
 * awaited event ends a waitFor. A token that already ended is a late signal: ignored. Finally,
 * campaigns whose enrollWhen this event makes true enroll the contact.
 */
export async function ingestEvent(deps: EngineDeps, event: EngagementEvent): Promise<IngestResult> {
  // A duplicate is stored and scored once, but its rules run again: the first delivery may have
  // died after storing it (a throttled write, a timeout), and an unsubscribe must never be lost
  // that way. Every rule below is idempotent; only re-enrollable campaigns are left alone.
  const duplicate = !(await deps.store.recordEvent(event));
  const result: IngestResult = { duplicate, interrupted: [], resumed: [], enrolled: [] };
  const view = await deps.store.getContactView(event.contactId);
  if (!view) return result;
  const contact = view.contact;

  const reason = SUPPRESSING[event.name];
  if (reason) {
    await deps.store.suppress({
      email: contact.email,
      contactId: contact.id,
      reason,
      at: event.at,
      detail: String(event.properties.detail ?? event.name),
    });
    await deps.store.updateContact(contact.id, { suppressed: reason }, event.at);
    contact.suppressed = reason;
    if (reason === "unsubscribed") {
      contact.consent = { status: "unsubscribed", at: event.at, source: event.name };
      await deps.store.setConsent(contact.id, contact.consent);
    }
  }

  const now = deps.clock.now();
  const events = timeline(view);
  const score = computeScore(deps.catalog.scoring, events, now);
  const target = promotedStage(deps.catalog.scoring, contact, score, events, now);
  if (target) await moveStage(deps, contact, target, "scoring", `score ${score} after ${event.name}`, true);
  result.score = score;
  result.stage = contact.stage;

  // `contact` (inside `view`) already carries the new stage, suppression and consent.
  for (const enrollment of view.enrollments) {
    if (enrollment.status !== "active") continue;
    const s = await loadSituation(deps, contact.id, enrollment.id, view);
    const fired = firedInterrupt(deps, s);
    const pause = s.enrollment.pause;
    if (fired) {
      await recordEnd(deps, s, fired);
      if (pause?.kind === "task") {
        // The rep no longer needs to call: the enrollment ended while it waited on the task.
        await deps.store.updateTask(
          `${s.enrollment.executionName}.${pause.stepId}`,
          { status: "cancelled" },
          ["open"],
        );
      }
      if (pause && (await deps.store.clearPause(contact.id, enrollment.id, pause.token))) {
        const error = new InterruptError(fired.kind, fired.reason);
        const signal = await deps.control.sendTaskFailure(pause.token, error.name, fired.reason);
        result.interrupted.push({ enrollmentId: enrollment.id, kind: fired.kind, signal });
      }
    } else if (pause && matchesWait(s.enrollment, event)) {
      if (await deps.store.clearPause(contact.id, enrollment.id, pause.token)) {
        await deps.control.sendTaskSuccess(pause.token, { event: event.name, at: event.at });
        result.resumed.push(enrollment.id);
      }
    }
  }
  result.enrolled = await enrollWhen(deps, contact, event, events, score, now, duplicate);
  return result;
}

async function enrollWhen(
  deps: EngineDeps,
  contact: Contact,
  event: EngagementEvent,
  events: EngagementEvent[],
  score: number,
  now: Date,
  duplicate: boolean,
): Promise<string[]> {
  const enrolled: string[] = [];
  for (const workflow of deps.catalog.workflows.values()) {
    const when = workflow.enrollWhen;
    // A redelivered event could enroll a contact again in a campaign it has since finished.
    if (duplicate && workflow.kind === "campaign" && workflow.reenroll) continue;
    if (!when || !(conditionEvents(when).includes(event.name) || mentionsScoreOrStage(when))) continue;
    // `contact` already carries this event's stage, suppression and consent changes.
    const ctx = { contact, score, stages: deps.catalog.scoring.stages, events, now, since: event.at };
    if (!evaluateCondition(when, ctx)) continue;
    const outcome = await enroll(deps, contact.id, workflow.id);
    if (outcome.status === "enrolled") enrolled.push(outcome.enrollment.id);
  }
  return enrolled;
}
