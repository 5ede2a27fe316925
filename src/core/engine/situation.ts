import { evaluateCondition } from "../conditions";
import { repTaskId } from "../enrollment-id";
import { ContactGoneError, InterruptError, type InterruptKind } from "../errors";
import type { Campaign, Condition, Sequence } from "../language";
import type {
  Contact,
  EngagementEvent,
  Enrollment,
  EnrollmentStatus,
  Pause,
  SendRecord,
  Suppression,
} from "../model";
import type { ContactView } from "../ports";
import type { LineContext } from "../render";
import type { AccountSummary } from "../reports/report-types";
import { computeScore } from "../scoring";
import { accountForConditions } from "./accounts";
import { countEnding } from "./count-facts";
import { type EngineDeps, ownerOf, workflowOf } from "./deps";
import { timeline } from "./event-history";
import { eventWindow } from "./event-window";

/** What a step handler knows about its contact and enrollment at the moment it runs. */
export interface Situation {
  contact: Contact;
  enrollment: Enrollment;
  workflow: Campaign | Sequence;
  events: EngagementEvent[];
  score: number;
  suppression?: Suppression;
  /** The contact's send-ledger entries (read with the rest of its partition). */
  sends: SendRecord[];
  now: Date;
  /** The contact's account, read when the workflows have account conditions (else absent). */
  account?: AccountSummary;
}

export class MissingRecordError extends Error {
  override name = "Handoff.MissingRecord";
}

export interface SituationOptions {
  /** The contact's partition as the caller read it already (the rules engine); read here without. */
  known?: ContactView;
  /** Also read the address-level suppression list (before a send: another contact may share the address). */
  checkAddress?: boolean;
  /** The contact's account as the caller read it (the rules engine, once for all enrollments). */
  knownAccount?: { summary: AccountSummary | undefined };
}

export async function loadSituation(
  deps: EngineDeps,
  contactId: string,
  enrollmentId: string,
  options: SituationOptions = {},
): Promise<Situation> {
  const view = options.known ?? (await deps.store.getContactView(contactId, eventWindow(deps)));
  // Contacts exist before their enrollments: one that is gone was erased, and its execution exits.
  if (!view) throw new ContactGoneError();
  const { contact } = view;
  const events = timeline(view);
  const enrollment = view.enrollments.find((e) => e.id === enrollmentId);
  if (!enrollment) {
    throw new MissingRecordError(`enrollment ${enrollmentId} of contact ${contactId} does not exist`);
  }
  const suppression = options.checkAddress ? await deps.store.getSuppression(contact.email) : undefined;
  const now = deps.clock.now();
  const score = computeScore(deps.catalog.scoring, events, now);
  const account = options.knownAccount
    ? options.knownAccount.summary
    : await accountForConditions(deps, contact);
  return {
    contact,
    enrollment,
    workflow: workflowOf(deps, enrollment.workflowId),
    events,
    score,
    ...(suppression ? { suppression } : {}),
    sends: view.sends,
    now,
    ...(account ? { account } : {}),
  };
}

/** The enrollment's send-ledger entry for an email step, if it has one. */
export function ledgerEntry(situation: Situation, stepId: string): SendRecord | undefined {
  return situation.sends.find(
    (send) => send.enrollmentId === situation.enrollment.id && send.stepId === stepId,
  );
}

/** The merge fields a step renders with: the contact, its owner (from settings.owners) and the workflow. */
export function mergeFields(deps: EngineDeps, situation: Situation): LineContext {
  const owner = ownerOf(deps, situation.contact.owner);
  return {
    contact: situation.contact,
    ...(owner ? { owner } : {}),
    workflow: { id: situation.workflow.id, name: situation.workflow.name },
  };
}

/** True when `condition` holds for the contact, counting events since the enrollment began. */
export function holds(deps: EngineDeps, situation: Situation, condition: Condition | undefined): boolean {
  if (!condition) return false;
  return evaluateCondition(condition, {
    contact: situation.contact,
    score: situation.score,
    stages: deps.catalog.scoring.stages,
    events: situation.events,
    now: situation.now,
    ...(situation.account ? { account: situation.account } : {}),
    // Events after the enrollment began: one at the very instant it began is what started it (the
    // reply that handed the contact over) and must not also stop the sequence it started.
    since: new Date(Date.parse(situation.enrollment.startedAt) + 1).toISOString(),
  });
}

export interface Fired {
  kind: InterruptKind;
  reason: string;
}

/** The end each interrupt kind records on the enrollment (handoffs are recorded by the handoff task). */
const ENDED_BY: Record<Exclude<InterruptKind, "handoff">, EnrollmentStatus> = {
  exit: "exited",
  stop: "stopped",
  convert: "converted",
};

/** The interrupt that routes an enrollment already ended elsewhere (status other than active). */
function endedInterrupt(enrollment: Enrollment): Fired {
  const reason = enrollment.reason ?? enrollment.status;
  switch (enrollment.status) {
    case "handed-off":
      return { kind: "handoff", reason };
    case "stopped":
      return { kind: "stop", reason };
    case "converted":
      return { kind: "convert", reason };
    default:
      return { kind: "exit", reason };
  }
}

/**
 * The interrupt that applies now, if any. Consent comes first (never email a suppressed or
 * unsubscribed address), then an enrollment already ended elsewhere, then the goal (a contact who
 * converted is a success, not an exit or a handoff), then exitWhen/stopWhen, then the handoff
 * rule: a contact who became a customer is not handed to an SDR.
 */
export function firedInterrupt(deps: EngineDeps, situation: Situation): Fired | undefined {
  const withdrawn = consentWithdrawn(situation);
  if (withdrawn) return withdrawn;
  if (situation.enrollment.status !== "active") return endedInterrupt(situation.enrollment);
  const w = situation.workflow;
  if (holds(deps, situation, w.goal)) return { kind: "convert", reason: "goal" };
  if (w.kind === "campaign") {
    if (holds(deps, situation, w.exitWhen)) return { kind: "exit", reason: "exitWhen" };
    if (w.handoff && holds(deps, situation, w.handoff.when))
      return { kind: "handoff", reason: "handoff.when" };
  } else if (holds(deps, situation, w.stopWhen)) return { kind: "stop", reason: "stopWhen" };
  return undefined;
}

/** The exit a suppressed address or an unsubscribed contact forces: never email either. */
export function consentWithdrawn(situation: Pick<Situation, "contact" | "suppression">): Fired | undefined {
  if (situation.suppression) return { kind: "exit", reason: situation.suppression.reason };
  if (situation.contact.suppressed) return { kind: "exit", reason: situation.contact.suppressed };
  if (situation.contact.consent.status === "unsubscribed") return { kind: "exit", reason: "unsubscribed" };
  return undefined;
}

/** Records an exit, stop or conversion on the enrollment (handoffs are recorded by the handoff task). */
export async function recordEnd(deps: EngineDeps, situation: Situation, fired: Fired): Promise<void> {
  if (fired.kind === "handoff") return;
  // Ended by an earlier attempt (or elsewhere): counted again, once, in case that attempt died first.
  if (situation.enrollment.status !== "active") return countEnding(deps, situation.enrollment);
  const end = { status: ENDED_BY[fired.kind], reason: fired.reason, endedAt: situation.now.toISOString() };
  if (await deps.store.updateEnrollment(situation.contact.id, situation.enrollment.id, end, ["active"]))
    return countEnding(deps, { ...situation.enrollment, ...end });
  // Ended meanwhile by a racing path, which may have died before counting: count what it wrote.
  const ended = await deps.store.getEnrollment(situation.contact.id, situation.enrollment.id);
  if (ended && ended.status !== "active") await countEnding(deps, ended);
}

/**
 * A pause still recorded when the machine has moved on ran its course (its timeout): clear it, and
 * a rep task whose wait ran out is marked timed out.
 */
export async function settlePause(deps: EngineDeps, situation: Situation): Promise<void> {
  const pause = situation.enrollment.pause;
  // Other pauses that ran their course are left for the next pause to replace: a signal to their
  // token is answered "gone", which the rules engine ignores. That saves a write per step.
  if (pause?.kind !== "task") return;
  await deps.store.clearPause(situation.contact.id, situation.enrollment.id, pause.token);
  await endWaitedTask(deps, situation.enrollment, pause, "timedOut");
  delete situation.enrollment.pause;
}

/**
 * Ends the rep task a task pause waits on, while it is open: timed out when the wait ran its
 * course, cancelled when the enrollment ended meanwhile (the rep no longer needs to act).
 */
export async function endWaitedTask(
  deps: EngineDeps,
  enrollment: Enrollment,
  pause: Pause,
  status: "timedOut" | "cancelled",
): Promise<void> {
  await deps.store.updateTask(repTaskId(enrollment, pause.stepId), { status }, ["open"]);
}

/** Every step handler starts here: throws the interrupt that applies (after recording it), else returns. */
export async function guard(deps: EngineDeps, situation: Situation): Promise<void> {
  await settlePause(deps, situation);
  const fired = firedInterrupt(deps, situation);
  if (!fired) return;
  await recordEnd(deps, situation, fired);
  throw new InterruptError(fired.kind, fired.reason);
}

/**
 * Records the pause a step begins (its token ends it early) while the enrollment is active: false
 * when it is not (an exit, stop or conversion ended it while the step ran), and nothing was written.
 */
export async function recordPause(deps: EngineDeps, situation: Situation, pause: Pause): Promise<boolean> {
  return deps.store.updateEnrollment(
    situation.contact.id,
    situation.enrollment.id,
    { currentStep: pause.stepId, pause },
    ["active"],
  );
}

export interface BeginPauseOptions {
  /**
   * Also read the contact again once the pause is recorded, for an interrupt that fired while the
   * step ran without ending the enrollment (a handoff is recorded by the handoff task, so the rules
   * engine found no pause of this step to fail): the email state, whose send can take seconds.
   */
  recheck?: boolean;
}

/**
 * Records the pause a step begins, or throws the interrupt that ended the enrollment while the step
 * ran (after guard()): the rules engine then found no pause of this step to fail through its token,
 * so the step throws it itself and the machine routes now instead of sleeping the pause out. With
 * `recheck`, an interrupt found after the pause was recorded is thrown only when this call clears
 * the pause: the rules engine may have seen the pause and failed its token already, and only one
 * of the two ends it (the same rule as a waitFor's event, src/core/engine/pause.ts).
 */
export async function beginPause(
  deps: EngineDeps,
  situation: Situation,
  pause: Pause,
  options: BeginPauseOptions = {},
): Promise<void> {
  const recorded = await recordPause(deps, situation, pause);
  if (recorded && !options.recheck) return;
  const fresh = await loadSituation(deps, situation.contact.id, situation.enrollment.id);
  const fired = firedInterrupt(deps, fresh);
  if (!fired) return;
  if (recorded && !(await deps.store.clearPause(fresh.contact.id, fresh.enrollment.id, pause.token))) return;
  await recordEnd(deps, fresh, fired);
  throw new InterruptError(fired.kind, fired.reason);
}
