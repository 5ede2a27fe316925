import { toSeconds, type WaitForStep, type WaitStep } from "../../core/language";
import type { State } from "./asl";
import { type EmitContext, PAUSE_SECONDS, PAUSE_SLOT, tokenWait } from "./common";

/**
 * A wait: one task that records its token and deadline, then sleeps until TimeoutSeconds runs out
 * (States.Timeout goes on to the next step). An interrupt fails the token with a Handoff.Interrupt
 * error and the catchers route the contact at once: the pause is cut short, not waited out.
 * Window-aware (compile.ts): the email before it computed how long this wait must last for the
 * email after it to fall inside its send window, so that email is not held (3 transitions saved),
 * and the second it reserved for that email under the send rate.
 */
export function emitWait(
  step: WaitStep,
  next: string,
  ctx: EmitContext,
  { windowAware }: { windowAware: boolean },
): Record<string, State> {
  const seconds = toSeconds(step.duration);
  return {
    [step.id]: tokenWait({
      fn: "pause",
      comment: `Wait ${step.duration}${windowAware ? ", to the next send window" : ""}; ends early on an interrupt`,
      workflow: ctx.workflow,
      payload: {
        step: { id: step.id, type: "wait", seconds },
        ...(windowAware ? { pause: { "seconds.$": PAUSE_SECONDS, "slot.$": PAUSE_SLOT } } : {}),
      },
      timeout: windowAware ? { timeoutSecondsPath: PAUSE_SECONDS } : { timeoutSeconds: seconds },
      onTimeout: next,
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
    [step.id]: tokenWait({
      fn: "pause",
      comment: `Wait up to ${step.timeout} for ${step.event}`,
      workflow: ctx.workflow,
      payload: { step: { id: step.id, type: "waitFor", seconds, ...event } },
      timeout: { timeoutSeconds: seconds },
      onTimeout: otherwise,
      next: then,
    }),
  };
}
