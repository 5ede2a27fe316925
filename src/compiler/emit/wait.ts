import { toSeconds, type WaitForStep, type WaitStep } from "../../core/language";
import type { State } from "./asl";
import { type EmitContext, PAUSE_SECONDS, PAUSE_SLOT, tokenWait } from "./common";

/**
 * A wait: one task that records its token and deadline, then sleeps until TimeoutSeconds runs out
 * (States.Timeout goes on to the next step). An interrupt fails the token with a Handoff.Interrupt
 * error and the catchers route the contact at once: the pause is cut short, not waited out.
 * Folded (folded-waits.ts): the email state before it keeps the wait's nominal length itself, and
 * this state is entered only when that email's handler stretched the pause (the email after it
 * would fall outside its send window, or its second under the send rate is full). It then lasts
 * the length the handler worked out, and passes on the second it reserved for the next email.
 */
export function emitWait(
  step: WaitStep,
  next: string,
  ctx: EmitContext,
  { folded }: { folded: boolean },
): Record<string, State> {
  const seconds = toSeconds(step.duration);
  return {
    [step.id]: tokenWait({
      fn: "pause",
      comment: `Wait ${step.duration}${folded ? ", stretched by the email before it" : ""}; ends early on an interrupt`,
      workflow: ctx.workflow,
      payload: {
        step: { id: step.id, type: "wait", seconds },
        ...(folded ? { pause: { "seconds.$": PAUSE_SECONDS, "slot.$": PAUSE_SLOT } } : {}),
      },
      timeout: folded ? { timeoutSecondsPath: PAUSE_SECONDS } : { timeoutSeconds: seconds },
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
