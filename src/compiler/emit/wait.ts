import { ErrorNames } from "../../core/errors";
import { toSeconds, type WaitForStep, type WaitStep } from "../../core/language";
import type { State } from "./asl";
import {
  basePayload,
  type EmitContext,
  interruptCatchers,
  lambdaTask,
  PAUSE_SECONDS,
  PAUSE_SLOT,
  routeOn,
} from "./common";

/**
 * A wait: one task that records its token and deadline, then sleeps until TimeoutSeconds runs out
 * (States.Timeout goes on to the next step). An interrupt fails the token with a Handoff.Interrupt
 * error and the catchers route the contact at once: the pause is cut short, not waited out.
 */
export function emitWait(
  step: WaitStep,
  next: string,
  ctx: EmitContext,
  windowAware: boolean,
): Record<string, State> {
  const seconds = toSeconds(step.duration);
  // Window-aware: the email before it computed how long this wait must last for the email after it
  // to fall inside its send window, so that email is not held (3 transitions saved), and the second
  // it reserved for that email under the send rate.
  const length = windowAware
    ? {
        payload: { pause: { "seconds.$": PAUSE_SECONDS, "slot.$": PAUSE_SLOT } },
        timeoutSecondsPath: PAUSE_SECONDS,
      }
    : { payload: {}, timeoutSeconds: seconds };
  return {
    [step.id]: lambdaTask({
      fn: "pause",
      comment: `Wait ${step.duration}${windowAware ? ", to the next send window" : ""}; ends early on an interrupt`,
      waitForToken: true,
      payload: {
        ...basePayload(ctx.workflow),
        step: { id: step.id, type: "wait", seconds },
        ...length.payload,
      },
      ...(length.timeoutSecondsPath
        ? { timeoutSecondsPath: length.timeoutSecondsPath }
        : { timeoutSeconds: seconds }),
      catchers: [...interruptCatchers(ctx.workflow), routeOn([ErrorNames.Timeout], next)],
      next,
    }),
  };
}

/** Wait for an event: the token succeeds when the event comes (then), or times out (else). */
export function emitWaitFor(
  step: WaitForStep,
  then: string,
  otherwise: string,
  ctx: EmitContext,
): Record<string, State> {
  const seconds = toSeconds(step.timeout);
  const event = {
    event: step.event,
    ...(step.link ? { link: step.link } : {}),
    ...(step.where ? { where: step.where } : {}),
  };
  return {
    [step.id]: lambdaTask({
      fn: "pause",
      comment: `Wait up to ${step.timeout} for ${step.event}`,
      waitForToken: true,
      payload: { ...basePayload(ctx.workflow), step: { id: step.id, type: "waitFor", seconds, ...event } },
      timeoutSeconds: seconds,
      catchers: [...interruptCatchers(ctx.workflow), routeOn([ErrorNames.Timeout], otherwise)],
      next: then,
    }),
  };
}
