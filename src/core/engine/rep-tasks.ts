import type { EngineDeps } from "./deps";
import { ingestEvent } from "./ingest";
import { acceptTask, countFirstTouch, type LeadAnswer } from "./sla";

export type CompleteTaskResult = { status: "completed" | "already-completed" | "timed-out" | "not-found" };

/**
 * A rep marks a task done: the task is completed once, a task.completed event is recorded, and the
 * paused enrollment moves on at once. A task whose wait already timed out stays timed out.
 */
export async function completeTask(
  deps: EngineDeps,
  taskId: string,
  by: string,
): Promise<CompleteTaskResult> {
  const task = await deps.store.getTask(taskId);
  if (!task) return { status: "not-found" };
  if (task.task === "accept") return asTaskResult(await acceptTask(deps, task, { by }));
  if (task.status === "completed") return { status: "already-completed" };
  const now = deps.clock.now().toISOString();
  if (task.status === "timedOut" || task.deadline <= now) {
    await deps.store.updateTask(taskId, { status: "timedOut" }, ["open"]);
    return { status: "timed-out" };
  }
  if (!(await deps.store.updateTask(taskId, { status: "completed", completedAt: now }, ["open"]))) {
    return { status: "already-completed" };
  }
  await ingestEvent(deps, {
    id: `task:${taskId}`,
    contactId: task.contactId,
    name: "task.completed",
    at: now,
    properties: { task: task.stepId, by },
    enrollmentId: task.enrollmentId,
    workflowId: task.workflowId,
    stepId: task.stepId,
  });
  const enrollment = await deps.store.getEnrollment(task.contactId, task.enrollmentId);
  if (enrollment)
    await countFirstTouch(deps, { contactId: task.contactId, owner: task.owner, enrollment, at: now });
  const pause = enrollment?.pause;
  if (
    pause?.kind === "task" &&
    pause.token === task.token &&
    (await deps.store.clearPause(task.contactId, task.enrollmentId, pause.token))
  ) {
    await deps.control.sendTaskSuccess(task.token, { task: taskId, completedAt: now });
  }
  return { status: "completed" };
}

/** Completing an accept task (the inbox) is accepting the lead (src/core/engine/sla.ts). */
function asTaskResult(answer: LeadAnswer): CompleteTaskResult {
  if (answer.status === "accepted") return { status: "completed" };
  return { status: answer.status === "already" ? "already-completed" : "not-found" };
}
