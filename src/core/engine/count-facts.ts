/**
 * The one place the engine counts what happened for the reports (docs/data-model.md, "Counters"):
 * each function builds the CountedFact of one kind of fact, with the counter names of
 * src/core/reports/counter-names.ts, and counts it once. Fact ids are the same on every attempt of
 * the use case, and scoped by the contact (its markers live with it), so the callers call these on
 * every attempt, also when their own write of the fact found it done.
 */
import { createHash } from "node:crypto";
import type { CountedFact, CounterAdd } from "../contact-store";
import type { Contact, EngagementEvent, Enrollment, SendRecord, StageChange } from "../model";
import {
  ACTIVE,
  dailyCounter,
  dayOf,
  ENROLLED,
  endingCounter,
  linkCounter,
  moveCounter,
  STAGES_SCOPE,
  stageGauge,
  stepCounter,
  workflowScope,
} from "../reports/counter-names";
import { type EmailMetric, ENDINGS, type EndingName } from "../reports/report-types";
import type { EngineDeps } from "./deps";
import { publishEnding, publishStageChange } from "./webhook-events";

type Counting = Pick<EngineDeps, "store"> & Partial<Pick<EngineDeps, "webhooks" | "catalog">>;

/** The email metric each engagement event counts as (unique per email: per enrollment and step). */
export const EMAIL_EVENT_METRICS: Readonly<Record<string, EmailMetric>> = {
  "email.delivered": "delivered",
  "email.open": "opened",
  "email.click": "clicked",
  "email.reply": "replied",
  "email.unsubscribe": "unsubscribed",
  "email.bounce": "bounced",
  "email.complaint": "complained",
};
const DAILY: ReadonlySet<EmailMetric> = new Set(["sent", "opened", "clicked", "replied"]);

/** The ending name of an enrollment status (undefined while active). */
export const endingOf = (status: Enrollment["status"]): EndingName | undefined =>
  (Object.keys(ENDINGS) as EndingName[]).find((name) => ENDINGS[name] === status);

/** One email's metric on the workflow's day row: the step's counter, and the day's total for the chart. */
function emailAdd(workflowId: string, stepId: string, metric: EmailMetric, at: string): CounterAdd {
  const counts: Record<string, number> = { [stepCounter(stepId, metric)]: 1 };
  if (DAILY.has(metric)) counts[dailyCounter(metric as "sent")] = 1;
  return { scope: workflowScope(workflowId), day: dayOf(at), counts };
}

/** A workflow's day row and its totals row (the `active` gauge). */
function workflowAdds(
  workflowId: string,
  day: string,
  dayCounts: Record<string, number>,
  active: number,
): CounterAdd[] {
  const scope = workflowScope(workflowId);
  return [
    { scope, day: dayOf(day), counts: dayCounts },
    { scope, counts: { [ACTIVE]: active } },
  ];
}

const count = (deps: Counting, fact: CountedFact) => deps.store.countOnce(fact);

/** An email the ledger records sent (by the step, or settled from an SES event). */
export async function countSent(deps: Counting, send: SendRecord): Promise<void> {
  if (send.status !== "sent" || send.sentAt === undefined) return;
  const { contactId, enrollmentId, stepId, workflowId } = send;
  const adds = [emailAdd(workflowId, stepId, "sent", send.sentAt)];
  await count(deps, { id: `sent:${enrollmentId}:${stepId}`, contactId, adds });
}

/** An engagement with one of Handoff's emails, once per email (and the first click of each link). */
export async function countEngagement(deps: Counting, event: EngagementEvent): Promise<void> {
  const metric = EMAIL_EVENT_METRICS[event.name];
  const { contactId, enrollmentId, workflowId, stepId } = event;
  if (!metric || !enrollmentId || !workflowId || !stepId) return;
  const adds = [emailAdd(workflowId, stepId, metric, event.at)];
  await count(deps, { id: `${metric}:${enrollmentId}:${stepId}`, contactId, adds });
  const link = event.properties.link;
  if (metric !== "clicked" || typeof link !== "string") return;
  const linkAdd = {
    scope: workflowScope(workflowId),
    day: dayOf(event.at),
    counts: { [linkCounter(stepId, link)]: 1 },
  };
  await count(deps, { id: `link:${enrollmentId}:${stepId}:${link}`, contactId, adds: [linkAdd] });
}

/** An enrollment that began: enrolled on its day, and one more active. */
export async function countEnrolled(deps: Counting, enrollment: Enrollment): Promise<void> {
  const adds = workflowAdds(enrollment.workflowId, enrollment.startedAt, { [ENROLLED]: 1 }, 1);
  await count(deps, { id: `enrolled:${enrollment.id}`, contactId: enrollment.contactId, adds });
}

/** An enrollment that ended (nothing while it is active): its ending on its day, one less active. */
export async function countEnding(
  deps: Counting,
  enrollment: Pick<Enrollment, "id" | "contactId" | "workflowId" | "status" | "endedAt">,
): Promise<void> {
  const ending = endingOf(enrollment.status);
  if (!ending || enrollment.endedAt === undefined) return;
  const adds = workflowAdds(enrollment.workflowId, enrollment.endedAt, { [endingCounter(ending)]: 1 }, -1);
  // A redriven enrollment may end again: each ending is its own fact, by its time.
  const id = `end:${enrollment.id}:${enrollment.endedAt}`;
  await count(deps, { id, contactId: enrollment.contactId, adds });
  await publishEnding(deps, enrollment);
}

/** A failed enrollment made active again by a redrive: its failure no longer counts, it runs again. */
export async function countRedriven(deps: Counting, failed: Enrollment): Promise<void> {
  if (failed.endedAt === undefined) return;
  const adds = workflowAdds(failed.workflowId, failed.endedAt, { [endingCounter("failed")]: -1 }, 1);
  await count(deps, { id: `redrive:${failed.id}:${failed.endedAt}`, contactId: failed.contactId, adds });
}

/** What a stage move adds: the gauges of both stages, and the move on its day (`from` absent: a creation). */
function stageAdds(from: string | undefined, to: string, at: string): CounterAdd[] {
  const gauges: Record<string, number> = { [stageGauge(to)]: 1 };
  if (from !== undefined) gauges[stageGauge(from)] = -1;
  return [
    { scope: STAGES_SCOPE, counts: gauges },
    { scope: STAGES_SCOPE, day: dayOf(at), counts: { [moveCounter(from, to)]: 1 } },
  ];
}

/** A stage move, by its history entry (the same on every attempt that finds the move made). */
export async function countStageChange(
  deps: Counting,
  change: Pick<StageChange, "contactId" | "from" | "to" | "at">,
): Promise<void> {
  const adds = stageAdds(change.from, change.to, change.at);
  await count(deps, { id: `stage:${change.at}#${change.to}`, contactId: change.contactId, adds });
  await publishStageChange(deps, change);
}

/**
 * The contact's latest stage move, counted when a retry may find the move made but not counted
 * (the move is not made again, so nothing else would count it): one query of the history.
 */
export async function countLastStageChange(deps: Counting, contactId: string): Promise<void> {
  const last = (await deps.store.stageHistory(contactId)).at(-1);
  if (last) await countStageChange(deps, last);
}

/**
 * Every stage move of the contact at or after `since` (a redelivered event's time): the moves a
 * dead attempt at the event may have made and not counted, also when another move came after
 * them (the latest alone would miss them). One query of the history; moves counted before add nothing.
 */
export async function countStageChangesSince(
  deps: Counting,
  contactId: string,
  since: string,
): Promise<void> {
  for (const change of await deps.store.stageHistory(contactId))
    if (change.at >= since) await countStageChange(deps, change);
}

/**
 * Every ending at or after `since` (a redelivered event's time) among the contact's enrollments: an
 * attempt at the event may have ended one (a stopWhen, a goal, an exit) and died before counting it,
 * and the rules never look at an ended enrollment again. Endings counted before add nothing.
 */
export async function countEndingsSince(
  deps: Counting,
  enrollments: readonly Enrollment[],
  since: string,
): Promise<void> {
  for (const enrollment of enrollments)
    if (enrollment.endedAt !== undefined && enrollment.endedAt >= since) await countEnding(deps, enrollment);
}

/** A contact created in its first stage: once per contact (a retry builds the same contact). */
export async function countCreated(deps: Counting, contact: Contact): Promise<void> {
  const adds = stageAdds(undefined, contact.stage, contact.createdAt);
  await count(deps, { id: `created:${contact.id}`, contactId: contact.id, adds });
}

/**
 * An erased contact: out of its stage, and its running enrollments exit (their executions find no
 * contact). Counted before the records go, as a fact of no contact (its markers go with it).
 */
export async function countErasure(
  deps: Counting,
  records: { contact: Contact; enrollments: readonly Enrollment[] },
  at: string,
): Promise<void> {
  const adds: CounterAdd[] = [{ scope: STAGES_SCOPE, counts: { [stageGauge(records.contact.stage)]: -1 } }];
  for (const enrollment of records.enrollments.filter((e) => e.status === "active"))
    adds.push(...workflowAdds(enrollment.workflowId, at, { [endingCounter("exited")]: 1 }, -1));
  // Its marker outlives the contact: named by a hash of its id (as its suppression is, of the address).
  const hash = createHash("sha256")
    .update(`${records.contact.id}\u0000${records.contact.createdAt}`)
    .digest("hex");
  await count(deps, { id: `erased:${hash}`, adds });
}
