import { repTaskId } from "../enrollment-id";
import type { RepTask } from "../model";
import { completeIfLast } from "./complete";
import type { EngineDeps } from "./deps";
import type { CompleteSpec, NotifyPayload, SetStagePayload, TaskPayload } from "./payloads";
import { changeStage } from "./rules";
import { guard, loadSituation, mergeFields, recordPause, type Situation } from "./situation";
import { taskMessage } from "./slack-messages";
import { trackTask } from "./tracked-tasks";
import { publishTaskCreated } from "./webhook-events";

export async function setStageStep(deps: EngineDeps, payload: SetStagePayload): Promise<{ stage: string }> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId);
  await guard(deps, situation);
  const stage = await changeStage(deps, situation.contact, payload.step.stage, {
    by: `workflow:${situation.workflow.id}/${payload.step.id}`,
    reason: "setStage step",
    direction: "any",
    except: situation.enrollment.id,
  });
  await stepDone(deps, situation, payload);
  return { stage };
}

export async function notifyStep(deps: EngineDeps, payload: NotifyPayload): Promise<Record<string, never>> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId);
  await guard(deps, situation);
  const text = deps.renderer.renderSlack(payload.step.message, mergeFields(deps, situation));
  await deps.slack.post(payload.step.slack, text);
  await stepDone(deps, situation, payload);
  return {};
}

/** Records the step as the enrollment's current one, then completes the enrollment when it was the last. */
async function stepDone(
  deps: EngineDeps,
  situation: Situation,
  payload: { step: { id: string }; complete?: CompleteSpec },
): Promise<void> {
  const { contact, enrollment } = situation;
  await deps.store.updateEnrollment(contact.id, enrollment.id, { currentStep: payload.step.id }, ["active"]);
  await completeIfLast(deps, situation, payload.complete);
}

/**
 * A rep task: created once per (enrollment, step), holding the token its completion sends back.
 * With `notify`, Slack is told once the task exists (the owner @-mentioned); a retry after a failed
 * post posts again, so the rep hears of the task at least once.
 */
export async function taskStep(deps: EngineDeps, payload: TaskPayload): Promise<{ taskId: string }> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId);
  await guard(deps, situation);
  const step = payload.step;
  const fields = mergeFields(deps, situation);
  const id = repTaskId(situation.enrollment, step.id);
  const task: RepTask = {
    id,
    contactId: situation.contact.id,
    ...(situation.contact.owner ? { owner: situation.contact.owner } : {}),
    enrollmentId: situation.enrollment.id,
    workflowId: situation.workflow.id,
    stepId: step.id,
    task: step.task,
    title: deps.renderer.renderLine(step.title, fields),
    ...(step.notes ? { notes: step.notes } : {}),
    status: "open",
    token: payload.taskToken,
    createdAt: situation.now.toISOString(),
    deadline: new Date(situation.now.getTime() + step.seconds * 1000).toISOString(),
  };
  let notified = false;
  if (!(await deps.store.createTask(task))) {
    // A retried invocation: keep the task, hand it the new token.
    await deps.store.updateTask(id, { token: payload.taskToken }, ["open"]);
    notified = (await deps.store.getTask(id))?.notifiedAt !== undefined;
  }
  await publishTaskCreated(deps, id);
  if (step.notify && !notified) {
    const message = step.notify.message;
    const text = taskMessage(deps, { task, ...fields, ...(message ? { message } : {}) });
    await deps.slack.post(step.notify.slack, text);
    await deps.store.updateTask(id, { notifiedAt: deps.clock.now().toISOString() });
  }
  await trackTask(deps, id);
  await recordPause(deps, situation, {
    token: payload.taskToken,
    stepId: step.id,
    kind: "task",
    startedAt: task.createdAt,
    deadline: task.deadline,
  });
  return { taskId: id };
}
