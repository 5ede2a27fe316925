import { type NotifyStep, type SetStageStep, type TaskStep, toSeconds } from "../../core/language";
import type { FunctionKey } from "../../core/step-lambdas";
import type { State } from "./asl";
import { basePayload, type EmitContext, interruptCatchers, lambdaTask, tokenWait } from "./common";
import { completion } from "./terminal";

interface ImmediateStep {
  fn: FunctionKey;
  comment: string;
  /** The step as its handler reads it. */
  step: Record<string, unknown>;
  /** The state after it; undefined when it ends the workflow. */
  next: string | undefined;
  ctx: EmitContext;
}

/** A step that does its work and returns at once; at the end of a workflow it also completes the enrollment. */
function immediateStep({ fn, comment, step, next, ctx }: ImmediateStep): State {
  return lambdaTask({
    fn,
    comment,
    payload: { ...basePayload(ctx.workflow), step, ...(next === undefined ? completion(ctx.workflow) : {}) },
    catchers: interruptCatchers(ctx.workflow),
    ...(next === undefined ? {} : { next }),
  });
}

/** Move the contact's lifecycle stage. */
export function emitSetStage(
  step: SetStageStep,
  next: string | undefined,
  ctx: EmitContext,
): Record<string, State> {
  return {
    [step.id]: immediateStep({
      fn: "setStage",
      comment: `Set stage ${step.stage}`,
      step: { id: step.id, type: "setStage", stage: step.stage },
      next,
      ctx,
    }),
  };
}

/** Post to a Slack channel named in settings. */
export function emitNotify(
  step: NotifyStep,
  next: string | undefined,
  ctx: EmitContext,
): Record<string, State> {
  return {
    [step.id]: immediateStep({
      fn: "notify",
      comment: `Notify Slack '${step.slack}'`,
      step: { id: step.id, type: "notify", slack: step.slack, message: step.message },
      next,
      ctx,
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
