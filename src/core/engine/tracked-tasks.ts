/**
 * Rep tasks also kept in the task tracker (Asana, settings.integrations.asana), and completed from it.
 *
 * Invariants:
 * - The Handoff task is written first and never depends on the tracker: the step (or handoff) that
 *   made it goes on whatever the tracker answers.
 * - A task is created in the tracker once: its tracker id is kept on it (linkExternalTask) before
 *   anything else happens, and every attempt first re-reads the task, so a retried step finds the
 *   id and creates nothing. The one window left: a handler that dies after the tracker created the
 *   task and before the id was kept; its retry creates a second copy (docs/integrations.md).
 * - A failed creation is never silently lost: the task keeps `trackerError` and the sweep
 *   (`retryPendingTrackedTasks`, every minute with the SLA sweep) tries again until it succeeds.
 * - Completion is read from the tracker (readTask), never taken from a webhook's word, then goes
 *   through completeTask: idempotent, the paused enrollment moves on once.
 */
import type { TrackedTask } from "../integrations/task-tracker";
import type { RepTask } from "../model";
import type { EngineDeps } from "./deps";
import { type CompleteTaskResult, completeTask } from "./rep-tasks";
import { NOT_TIMED } from "./sla";
import { describe } from "./uncertain-sends";

/** Who completed a task completed in the tracker (the task.completed event's `by`). */
export const TRACKER_COMPLETER = "asana";

/**
 * A task without a tracker id is left to the step that is creating it for this long; after that
 * (or once its attempt recorded an error) the sweep creates it.
 */
export const TRACKER_GRACE_SECONDS = 10 * 60;

/** One sweep's claim on a pending task: two sweeps never create the same task at once. */
const RETRY_CLAIM_SECONDS = 5 * 60;

/** The dashboard's page of the contact's timeline (`#contact/<id>`, src/adapters/http/dashboard). */
export function contactTimelineUrl(deps: EngineDeps, contactId: string): string {
  const base = deps.catalog.settings.links.baseUrl.replace(/\/+$/, "");
  return `${base}/#contact/${encodeURIComponent(contactId)}`;
}

/** What the tracker is given of a rep task. */
export function trackedTaskOf(deps: EngineDeps, task: RepTask): TrackedTask {
  return {
    taskId: task.id,
    contactId: task.contactId,
    title: task.title,
    ...(task.notes ? { notes: task.notes } : {}),
    ...(task.owner ? { owner: task.owner } : {}),
    ...(task.deadline !== NOT_TIMED ? { due: task.deadline } : {}),
    link: contactTimelineUrl(deps, task.contactId),
  };
}

export type TrackOutcome = "untracked" | "linked" | "already-linked" | "pending";

/**
 * Creates the rep task `taskId` in the tracker unless it is there already (or closed, or there is
 * no tracker). A tracker failure is recorded on the task (`trackerError`) and returned as
 * "pending", never thrown: the sweep retries it.
 */
export async function trackTask(deps: EngineDeps, taskId: string): Promise<TrackOutcome> {
  const tracker = deps.taskTracker;
  if (!tracker) return "untracked";
  const task = await deps.store.getTask(taskId);
  if (task?.status !== "open") return "untracked";
  if (task.externalId !== undefined) return "already-linked";
  let externalId: string;
  try {
    ({ externalId } = await tracker.createTask(trackedTaskOf(deps, task)));
  } catch (error) {
    await deps.store.updateTask(taskId, { trackerError: describe(error) }, ["open"]);
    return "pending";
  }
  return (await deps.store.linkExternalTask(taskId, externalId)) ? "linked" : "already-linked";
}

/**
 * The sweep: every open task of the owners of settings.owners (one query each) not yet in the
 * tracker whose attempt failed or is older than TRACKER_GRACE_SECONDS, created now. A task without
 * an owner is created by its own step only (its error stays on the record). The tasks linked.
 */
export async function retryPendingTrackedTasks(deps: EngineDeps): Promise<string[]> {
  if (!deps.taskTracker) return [];
  const now = deps.clock.now();
  const settled = new Date(now.getTime() - TRACKER_GRACE_SECONDS * 1000).toISOString();
  const linked: string[] = [];
  for (const owner of deps.catalog.settings.owners) {
    const open = await deps.store.listTasks(owner.id, "open");
    const pending = open.filter(
      (task) =>
        task.externalId === undefined && (task.trackerError !== undefined || task.createdAt <= settled),
    );
    for (const task of pending) {
      const expiresAt = new Date(now.getTime() + RETRY_CLAIM_SECONDS * 1000);
      if (!(await deps.store.rememberOnce(`tracker-retry:${task.id}`, { now, expiresAt }))) continue;
      if ((await trackTask(deps, task.id)) === "linked") linked.push(task.id);
    }
  }
  return linked;
}

export type TrackerCompletion = CompleteTaskResult | { status: "not-linked" } | { status: "open-in-tracker" };

/**
 * The tracker says its task `externalId` changed: when the tracker has it completed, the linked
 * rep task is completed (completeTask: once; an accept task accepts the lead). Throws the
 * tracker's errors (a webhook answers 5xx and is delivered again).
 */
export async function completeTrackedTask(deps: EngineDeps, externalId: string): Promise<TrackerCompletion> {
  const tracker = deps.taskTracker;
  const task = tracker && (await deps.store.findTaskByExternalId(externalId));
  if (!tracker || !task) return { status: "not-linked" };
  if (task.status !== "open") return { status: "already-completed" };
  if (!(await tracker.readTask(externalId)).completed) return { status: "open-in-tracker" };
  return completeTask(deps, task.id, TRACKER_COMPLETER);
}
