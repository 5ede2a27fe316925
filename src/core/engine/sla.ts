/**
 * The sales–marketing agreement (settings.sla, docs/campaign-language.md "Sales–marketing
 * agreement"): after a handoff the owner has an `accept` task; accepting or rejecting it answers the
 * lead. Each answer is claimed by one conditional update of the task (open → completed for an
 * accept, open → cancelled for a rejection), so an accept and a reject at once answer once; the
 * rest of an answer is idempotent (event ids and counted facts are the task's), so a retry finishes
 * what a crash cut short. Misses are swept by src/core/engine/sla-sweep.ts.
 */
import type { StatsStore } from "../contact-store";
import { repTaskId } from "../enrollment-id";
import { toSeconds } from "../language/duration-seconds";
import type { Contact, Enrollment, RepTask } from "../model";
import { dayOf, SLA_SCOPE, slaCounter, slaRejectedCounter, slaSample } from "../reports/counter-names";
import { isSmokeWorkflow } from "../smoke";
import type { EngineDeps } from "./deps";
import { enroll } from "./enroll-contact";
import { ingestEvent } from "./ingest";
import { changeStage, interruptEnrollment } from "./rules";
import { loadSituation, type Situation } from "./situation";
import { trackTask } from "./tracked-tasks";
import { publishTaskCreated } from "./webhook-events";

/** The accept task's step id: a dot, so no sequence step (kebab-case ids) shares its task id. */
export const ACCEPT_STEP = "sla.accept";
/** The deadline of an accept task no longer timed (reassigned once after a miss). */
export const NOT_TIMED = "9999-12-31T23:59:59.999Z";
/** The longest rejection reason: it names a counter of the SLA report. */
export const MAX_REASON_LENGTH = 100;

export type LeadAnswer = { status: "accepted" | "already" | "not-found" | "rejected" | "not-pending" };

/** The accept task of the sequence enrollment a handoff started. */
export const acceptTaskId = (enrollment: Pick<Enrollment, "executionName">): string =>
  repTaskId(enrollment, ACCEPT_STEP);

const secondsBetween = (from: string, to: string): number =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));

/** "Ana Silva (Globex)", plain text; the email when the contact has no name. */
export function leadName(contact: Contact): string {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ") || contact.email;
  return contact.company ? `${name} (${contact.company})` : name;
}

/** Counts a fact of the SLA scope for an owner, once per `id`. */
async function countSla(
  stats: StatsStore,
  fact: { id: string; contactId: string; at: string },
  counts: Record<string, number>,
  samples?: Record<string, number[]>,
): Promise<void> {
  await stats.countOnce({
    id: fact.id,
    contactId: fact.contactId,
    adds: [{ scope: SLA_SCOPE, day: dayOf(fact.at), counts, ...(samples ? { samples } : {}) }],
  });
}

export interface AwaitedLead {
  contact: Contact;
  owner: string | undefined;
  /** The sequence enrollment the handoff started (or found). */
  enrollment: Enrollment;
  /** The enrollment that handed the contact off. */
  handedOffBy: string;
}

/**
 * After a handoff with settings.sla and an owner: the owner's accept task, due `acceptWithin` after
 * the handoff (wall time), and the handoff counted. Created once per handoff (its id is the
 * sequence enrollment's); undefined when the SLA does not apply (no SLA, no owner, the contact
 * was already in the sequence before this handoff, or the handoff is the smoke test's: no task, so
 * no tracker task and no SLA Slack post for it).
 */
export async function awaitAnswer(deps: EngineDeps, lead: AwaitedLead): Promise<RepTask | undefined> {
  const sla = deps.catalog.settings.sla;
  const { contact, owner, enrollment } = lead;
  if (!sla || !owner || enrollment.source?.enrollmentId !== lead.handedOffBy) return undefined;
  if (isSmokeWorkflow(enrollment.workflowId)) return undefined;
  const at = enrollment.startedAt;
  const task: RepTask = {
    id: acceptTaskId(enrollment),
    contactId: contact.id,
    owner,
    enrollmentId: enrollment.id,
    workflowId: enrollment.workflowId,
    stepId: ACCEPT_STEP,
    task: "accept",
    title: `Accept or reject ${leadName(contact)}`,
    status: "open",
    token: "",
    createdAt: at,
    deadline: new Date(Date.parse(at) + toSeconds(sla.acceptWithin) * 1000).toISOString(),
  };
  const created = await deps.store.createTask(task);
  await trackTask(deps, task.id);
  const fact = { id: `sla:handoff:${task.id}`, contactId: contact.id, at };
  await countSla(deps.store, fact, { [slaCounter(owner, "handoffs")]: 1 });
  await publishTaskCreated(deps, task.id);
  return created ? task : ((await deps.store.getTask(task.id)) ?? task);
}

/** The accept task of the contact's latest handoff, if any. */
export async function latestAcceptTask(deps: EngineDeps, contactId: string): Promise<RepTask | undefined> {
  const handedOff = (await deps.store.listEnrollments(contactId)).filter((e) => e.source?.why === "handoff");
  const latest = handedOff.sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  return latest && deps.store.getTask(acceptTaskId(latest));
}

/** Moves the task from open to `status` (the answer's claim): the task as it now is, and whether this call moved it. */
async function claimAnswer(
  deps: EngineDeps,
  task: RepTask,
  status: "completed" | "cancelled",
  at: string,
): Promise<{ task: RepTask | undefined; claimed: boolean }> {
  if (task.status === "open" && (await deps.store.updateTask(task.id, { status, completedAt: at }, ["open"])))
    return { task: { ...task, status, completedAt: at }, claimed: true };
  return { task: await deps.store.getTask(task.id), claimed: false };
}

/**
 * The answer as an event (through ingestEvent, so rules see it), dated by the task's answer and
 * named after it: a retry stores a duplicate, never a second answer.
 */
async function recordAnswer(
  deps: EngineDeps,
  answered: RepTask,
  name: "lead.accepted" | "lead.rejected",
  properties: Record<string, string>,
): Promise<void> {
  await ingestEvent(deps, {
    id: `${name}:${answered.id}`,
    contactId: answered.contactId,
    name,
    at: answered.completedAt ?? deps.clock.now().toISOString(),
    properties: { ...properties, ...(answered.owner ? { owner: answered.owner } : {}) },
    enrollmentId: answered.enrollmentId,
    workflowId: answered.workflowId,
  });
}

/** The owner accepts this accept task: `lead.accepted` is recorded (rules see it) and counted. */
export async function acceptTask(
  deps: EngineDeps,
  task: RepTask,
  answer: { by: string; at?: string },
): Promise<LeadAnswer> {
  const claim = await claimAnswer(deps, task, "completed", answer.at ?? deps.clock.now().toISOString());
  const answered = claim.task;
  if (answered?.status !== "completed" || !answered.completedAt) return { status: "not-pending" };
  const at = answered.completedAt;
  await recordAnswer(deps, answered, "lead.accepted", { by: answer.by });
  if (answered.owner) {
    const fact = { id: `sla:accepted:${task.id}`, contactId: task.contactId, at };
    await countSla(
      deps.store,
      fact,
      { [slaCounter(answered.owner, "accepted")]: 1 },
      { [slaSample(answered.owner, "toAccept")]: [secondsBetween(task.createdAt, at)] },
    );
  }
  return { status: claim.claimed ? "accepted" : "already" };
}

/** POST /leads/{contactId}/accept: the owner takes the lead of the contact's latest handoff. */
export async function acceptLead(
  deps: EngineDeps,
  input: { contactId: string; by: string; at?: string },
): Promise<LeadAnswer> {
  const task = await latestAcceptTask(deps, input.contactId);
  if (!task) return { status: "not-found" };
  return acceptTask(deps, task, { by: input.by, ...(input.at ? { at: input.at } : {}) });
}

/**
 * POST /leads/{contactId}/reject: the owner turns the lead down. `lead.rejected` is recorded, the
 * handoff's sequence stops at once (its paused execution is interrupted), the contact is set to
 * `rejectStage` (back or forward) and enrolled in `rejectTo`, and the reason is counted. A retry
 * redoes each step idempotently (the first reason stays).
 */
export async function rejectLead(
  deps: EngineDeps,
  input: { contactId: string; by: string; reason: string },
): Promise<LeadAnswer> {
  const task = await latestAcceptTask(deps, input.contactId);
  if (!task) return { status: "not-found" };
  return rejectTask(deps, task, input);
}

/** The owner rejects this accept task (rejectLead). */
export async function rejectTask(
  deps: EngineDeps,
  task: RepTask,
  input: { by: string; reason: string },
): Promise<LeadAnswer> {
  const { task: answered } = await claimAnswer(deps, task, "cancelled", deps.clock.now().toISOString());
  if (answered?.status !== "cancelled" || !answered.completedAt) return { status: "not-pending" };
  const at = answered.completedAt;
  await recordAnswer(deps, answered, "lead.rejected", { reason: input.reason, by: input.by });
  await recycle(deps, answered, input.reason);
  if (answered.owner) {
    const fact = { id: `sla:rejected:${task.id}`, contactId: task.contactId, at };
    await countSla(deps.store, fact, { [slaRejectedCounter(answered.owner, input.reason)]: 1 });
  }
  return { status: "rejected" };
}

/** A rejected lead leaves sales: its sequence stops, it moves to rejectStage, it enters rejectTo. */
async function recycle(deps: EngineDeps, task: RepTask, reason: string): Promise<void> {
  const sla = deps.catalog.settings.sla;
  const situation = await loadSituation(deps, task.contactId, task.enrollmentId);
  if (situation.enrollment.status === "active")
    await interruptEnrollment(deps, situation, { kind: "stop", reason: "lead rejected" });
  if (sla?.rejectStage)
    await changeStage(deps, situation.contact, sla.rejectStage, {
      by: `sla:${task.owner ?? "unassigned"}`,
      reason: `lead rejected: ${reason}`,
      direction: "any",
    });
  if (sla?.rejectTo && deps.catalog.workflows.has(sla.rejectTo))
    await enroll(deps, task.contactId, sla.rejectTo, {
      enrollmentId: task.enrollmentId,
      workflowId: task.workflowId,
      why: "rejected",
    });
}

/** Where a first touch happened: a sequence email sent, or a rep task completed. */
export interface Touch {
  contactId: string;
  /** Who touched: the contact's owner (an email) or the task's (a completed task). */
  owner: string | undefined;
  enrollment: Enrollment;
  at: string;
}

/**
 * The first touch after a handoff adds its delay to the owner's toFirstTouch sample, once per
 * handoff (the fact's id is the handed-off enrollment's), whichever touch comes first.
 */
export async function countFirstTouch(deps: EngineDeps, touch: Touch): Promise<void> {
  if (!deps.catalog.settings.sla || touch.enrollment.source?.why !== "handoff" || !touch.owner) return;
  const fact = {
    id: `sla:first-touch:${touch.enrollment.executionName}`,
    contactId: touch.contactId,
    at: touch.at,
  };
  const seconds = secondsBetween(touch.enrollment.startedAt, touch.at);
  await countSla(deps.store, fact, {}, { [slaSample(touch.owner, "toFirstTouch")]: [seconds] });
}

/**
 * The email-step hook: a sequence email sent (or found sent on a retry) is a touch, unless another
 * email of the enrollment went out before it (that one was the first touch, already counted).
 */
export async function emailTouch(
  deps: EngineDeps,
  situation: Pick<Situation, "contact" | "enrollment" | "sends">,
  stepId: string,
): Promise<void> {
  const { contact, enrollment } = situation;
  if (situation.sends.some((s) => s.enrollmentId === enrollment.id && s.stepId !== stepId && s.sentAt))
    return;
  const at = deps.clock.now().toISOString();
  await countFirstTouch(deps, { contactId: contact.id, owner: contact.owner, enrollment, at });
}
