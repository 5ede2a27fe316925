import { conditionEvents, evaluateCondition, mentionsScoreOrStage } from "../conditions";
import { InterruptError } from "../errors";
import type { Scalar } from "../language";
import type { Contact, EngagementEvent, Enrollment } from "../model";
import type { ContactView } from "../ports";
import type { AccountSummary } from "../reports/report-types";
import { computeScore, promotedStage } from "../scoring";
import { isSmokeContactAddress } from "../smoke";
import { accountForConditions, recordStanding, refreshAccount } from "./accounts";
import type { EngineDeps } from "./deps";
import { enroll } from "./enroll-contact";
import { timeline } from "./event-history";
import { eventWindow } from "./event-window";
import { interruptScheduledStart } from "./scheduled-starts";
import {
  endWaitedTask,
  type Fired,
  firedInterrupt,
  loadSituation,
  recordEnd,
  type Situation,
} from "./situation";
import { moveStage, type StageMove } from "./stages";

/**
 * What the rules react to: an event as it is ingested, or a stage change made by Handoff itself (a
 * setStage step, a handoff, onComplete, the API). Both are handled the same way, at that moment.
 */
export type Trigger =
  | { kind: "event"; event: EngagementEvent; duplicate: boolean }
  | {
      kind: "stage";
      /** The enrollment whose own step moved the stage: its next step's guard sees the change. */
      except?: string;
    };

export interface RulesOutcome {
  score: number;
  stage: string;
  interrupted: Array<{ enrollmentId: string; kind: string; signal: string }>;
  resumed: string[];
  enrolled: string[];
}

/** True when `event` is what the enrollment's waitFor pause waits for, and came after the step before it. */
function matchesWait(enrollment: Enrollment, event: EngagementEvent): boolean {
  const awaited = enrollment.pause?.kind === "waitFor" ? enrollment.pause.event : undefined;
  if (!awaited || awaited.name !== event.name || event.at < (awaited.since ?? enrollment.pause!.startedAt))
    return false;
  if (awaited.link !== undefined && event.properties.link !== awaited.link) return false;
  return Object.entries(awaited.where ?? {}).every(([k, v]) => event.properties[k] === (v as Scalar));
}

/**
 * The rules engine: rescore and promote, then look at the contact's active enrollments (an
 * interrupt, handoff, goal, exitWhen, stopWhen or lost consent, ends a pause at once through its
 * task token; an awaited event ends a waitFor; a token that already ended is a late signal, ignored),
 * then enroll the contact in every campaign whose enrollWhen now holds. `view` is the contact's
 * partition as read after the trigger was stored; its contact carries the trigger's changes.
 */
/**
 * Whether someone or something other than scoring set the contact's stage at or after `at`: a
 * redelivered event then promotes no more (the first delivery's rules already ran before that
 * move, so the move stands). Read only when a redelivery would promote: rare.
 */
async function setOnPurposeSince(deps: EngineDeps, contactId: string, at: string): Promise<boolean> {
  const history = await deps.store.stageHistory(contactId);
  return history.some((change) => change.at >= at && change.by !== "scoring");
}

export async function applyRules(
  deps: EngineDeps,
  view: ContactView,
  trigger: Trigger,
): Promise<RulesOutcome> {
  const contact = view.contact;
  const now = deps.clock.now();
  const events = timeline(view);
  const score = computeScore(deps.catalog.scoring, events, now);
  // Scoring promotes on events (what changes the score). A stage set on purpose (a recycled lead
  // set back to lead, a CRM's move) is not undone by the score on the spot.
  const stageBefore = contact.stage;
  // A smoke contact (`handoff smoke`) is neither promoted nor enrolled by a rule: it reaches none of
  // the marketer's campaigns, stage webhooks, Slack posts or tasks. Its own enrollments still react.
  const smoke = isSmokeContactAddress(contact.email, deps.replyDomain);
  if (trigger.kind === "event" && !smoke) {
    const target = promotedStage(deps.catalog.scoring, contact, score, events, now);
    const reason = `score ${score} after ${trigger.event.name}`;
    if (target && !(trigger.duplicate && (await setOnPurposeSince(deps, contact.id, trigger.event.at))))
      await moveStage(deps, contact, target, { by: "scoring", reason, direction: "forward-only" });
  }
  const redelivered = trigger.kind === "event" && trigger.duplicate;
  const moved = trigger.kind === "stage" || contact.stage !== stageBefore || redelivered;
  await recordStanding(deps, contact, { score, moved });
  // Read once, after this contact's share is in its row: every rule below sees the same account.
  const account = await accountForConditions(deps, contact);
  const outcome: RulesOutcome = { score, stage: contact.stage, interrupted: [], resumed: [], enrolled: [] };
  for (const enrollment of view.enrollments) {
    if (enrollment.status !== "active") continue;
    if (trigger.kind === "stage" && trigger.except === enrollment.id) continue;
    await reactInEnrollment(deps, { view, account }, enrollment, trigger, outcome);
  }
  const standing = { contact, events, score, now, ...(account ? { account } : {}) };
  if (!smoke) outcome.enrolled = await enrollWhen(deps, standing, view.enrollments, trigger);
  return outcome;
}

async function reactInEnrollment(
  deps: EngineDeps,
  known: { view: ContactView; account: AccountSummary | undefined },
  enrollment: Enrollment,
  trigger: Trigger,
  outcome: RulesOutcome,
): Promise<void> {
  const contactId = known.view.contact.id;
  const situation = await loadSituation(deps, contactId, enrollment.id, {
    known: known.view,
    knownAccount: { summary: known.account },
  });
  const fired = firedInterrupt(deps, situation);
  const pause = situation.enrollment.pause;
  if (fired) {
    const signal = await interruptEnrollment(deps, situation, fired);
    if (signal !== undefined)
      outcome.interrupted.push({ enrollmentId: enrollment.id, kind: fired.kind, signal });
  } else if (trigger.kind === "event" && pause && matchesWait(situation.enrollment, trigger.event)) {
    if (await deps.store.clearPause(contactId, enrollment.id, pause.token)) {
      await deps.control.sendTaskSuccess(pause.token, { event: trigger.event.name, at: trigger.event.at });
      outcome.resumed.push(enrollment.id);
    }
  }
}

/**
 * Ends an enrollment at once for `fired` (an interrupt, or a stop asked from outside: a rejected
 * lead): records the end, cancels the rep task it waited on, and fails its pause through the task
 * token, so the machine leaves the wait now. The signal sent, if this call ended the pause ("started"
 * when a handoff started an execution that was scheduled, src/core/engine/scheduled-starts.ts).
 */
export async function interruptEnrollment(
  deps: EngineDeps,
  situation: Situation,
  fired: Fired,
): Promise<string | undefined> {
  await recordEnd(deps, situation, fired);
  const { startsAt } = situation.enrollment;
  // No execution yet: its start was scheduled for the first email's send window.
  if (startsAt !== undefined)
    return interruptScheduledStart(deps, { ...situation.enrollment, startsAt }, fired);
  const pause = situation.enrollment.pause;
  if (pause?.kind === "task") {
    // The rep no longer needs to call: the enrollment ended while it waited on the task.
    await endWaitedTask(deps, situation.enrollment, pause, "cancelled");
  }
  if (!pause || !(await deps.store.clearPause(situation.contact.id, situation.enrollment.id, pause.token)))
    return undefined;
  const error = new InterruptError(fired.kind, fired.reason);
  return deps.control.sendTaskFailure(pause.token, error.name, fired.reason);
}

interface Standing {
  contact: Contact;
  events: EngagementEvent[];
  score: number;
  now: Date;
  account?: AccountSummary;
}

/**
 * Enrolls the contact in every campaign whose enrollWhen holds now and that the trigger can have
 * changed: one of its events arrived, or it reads the score or the stage. Event conditions count
 * the contact's earlier events too (within their `within`): two /pricing views in 7 days enroll on
 * the second view.
 */
async function enrollWhen(
  deps: EngineDeps,
  standing: Standing,
  enrollments: readonly Enrollment[],
  trigger: Trigger,
): Promise<string[]> {
  const enrolled: string[] = [];
  for (const workflow of deps.catalog.workflows.values()) {
    const when = workflow.enrollWhen;
    if (!when) continue;
    // enroll() refuses these; an active one is still passed on, so a redelivered event restarts an
    // execution whose start a crash cut short (the start is idempotent).
    const mine = enrollments.filter((e) => e.workflowId === workflow.id);
    if (!workflow.reenroll && mine.length > 0 && !mine.some((e) => e.status === "active")) continue;
    if (trigger.kind === "event") {
      // A redelivered event could enroll a contact again in a campaign it has since finished.
      if (trigger.duplicate && workflow.reenroll) continue;
      if (!conditionEvents(when).includes(trigger.event.name) && !mentionsScoreOrStage(when)) continue;
    } else if (!mentionsScoreOrStage(when)) continue;
    const ctx = { ...standing, stages: deps.catalog.scoring.stages };
    if (!evaluateCondition(when, ctx)) continue;
    const result = await enroll(deps, standing.contact.id, workflow.id);
    if (result.status === "enrolled") enrolled.push(result.enrollment.id);
  }
  return enrolled;
}

/**
 * Moves a contact's stage (see moveStage) and, when it moved, lets every rule react at once: the
 * contact's active enrollments check their handoff, goal, exitWhen and stopWhen, and every
 * campaign its enrollWhen, as for an event. Returns the stage the contact is in.
 */
export async function changeStage(
  deps: EngineDeps,
  contact: Contact,
  to: string,
  move: StageMove & { except?: string },
): Promise<string> {
  const before = contact.stage;
  const stage = await moveStage(deps, contact, to, move);
  // Already there: maybe a retry of a move whose rules never ran, so the account follows anyway.
  if (stage === before && stage === to) await refreshAccount(deps, contact);
  if (stage === before) return stage;
  const view = await deps.store.getContactView(contact.id, eventWindow(deps));
  if (view) await applyRules(deps, view, { kind: "stage", ...(move.except ? { except: move.except } : {}) });
  return stage;
}
