import { type NotifyStep, type SetStageStep, type TaskStep, toSeconds } from "../../core/language";
import type { State } from "./asl";
import { basePayload, type EmitContext, interruptCatchers, lambdaTask, tokenWait } from "./common";
import { completion } from "./terminal";

/** What the task of a step that returns at once says, and the fields its handler reads besides id and type. */
function immediateFields(step: SetStageStep | NotifyStep): {
  comment: string;
  fields: Record<string, unknown>;
} {
  return step.type === "setStage"
    ? { comment: `Set stage ${step.stage}`, fields: { stage: step.stage } }
    : { comment: `Notify Slack '${step.slack}'`, fields: { slack: step.slack, message: step.message } };
}

/**
 * A step that does its work and returns at once: move the contact's lifecycle stage, or post to a
 * Slack channel named in settings. At the end of a workflow (no `next`) it also completes the enrollment.
 */
export function emitImmediate(
  step: SetStageStep | NotifyStep,
  next: string | undefined,
  ctx: EmitContext,
): Record<string, State> {
  const { comment, fields } = immediateFields(step);
  return {
    [step.id]: lambdaTask({
      fn: step.type,
      comment,
      payload: {
        ...basePayload(ctx.workflow),
        step: { id: step.id, type: step.type, ...fields },
        ...(next === undefined ? completion(ctx.workflow) : {}),
      },
      catchers: interruptCatchers(ctx.workflow),
      ...(next === undefined ? {} : { next }),
    }),
  };
}

/** A to-do for the contact's owner: the enrollment waits until it is completed or times out. */
export function emitTask(step: TaskStep, next: string, ctx: EmitContext): Record<string, State> {
  const seconds = toSeconds(step.timeout);
  return {
    [step.id]: tokenWait({
      fn: "task",
      comment: `Rep task (${step.task}); moves on after ${step.timeout}`,
      workflow: ctx.workflow,
      payload: {
        step: {
          id: step.id,
          type: "task",
          task: step.task,
          title: step.title,
          ...(step.notes ? { notes: step.notes } : {}),
          seconds,
          ...(step.notify ? { notify: step.notify } : {}),
        },
      },
      timeout: { timeoutSeconds: seconds },
      onTimeout: next,
      next,
    }),
  };
}
