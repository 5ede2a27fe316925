import { ErrorNames } from "../../core/errors";
import { type NotifyStep, type SetStageStep, type TaskStep, toSeconds } from "../../core/language";
import type { State } from "./asl";
import { basePayload, type EmitContext, interruptCatchers, lambdaTask, routeOn } from "./common";
import { completion } from "./terminal";

/** Move the contact's lifecycle stage. At the end of a workflow it also completes the enrollment. */
export function emitSetStage(
  step: SetStageStep,
  next: string | undefined,
  ctx: EmitContext,
): Record<string, State> {
  return {
    [step.id]: lambdaTask({
      fn: "setStage",
      comment: `Set stage ${step.stage}`,
      payload: {
        ...basePayload(ctx.workflow),
        step: { id: step.id, type: "setStage", stage: step.stage },
        ...(next === undefined ? completion(ctx.workflow) : {}),
      },
      catchers: interruptCatchers(ctx.workflow),
      ...(next === undefined ? {} : { next }),
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
    [step.id]: lambdaTask({
      fn: "notify",
      comment: `Notify Slack '${step.slack}'`,
      payload: {
        ...basePayload(ctx.workflow),
        step: { id: step.id, type: "notify", slack: step.slack, message: step.message },
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
    [step.id]: lambdaTask({
      fn: "task",
      comment: `Rep task (${step.task}); moves on after ${step.timeout}`,
      waitForToken: true,
      payload: {
        ...basePayload(ctx.workflow),
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
      timeoutSeconds: seconds,
      catchers: [...interruptCatchers(ctx.workflow), routeOn([ErrorNames.Timeout], next)],
      next,
    }),
  };
}
