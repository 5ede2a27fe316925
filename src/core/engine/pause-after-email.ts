import type { Pause } from "../model";
import type { EngineDeps } from "./deps";
import { planPauseAfter } from "./hold";
import type { SendPacing } from "./pacing";
import type { PauseAfter } from "./payloads";
import { beginPause, type Situation } from "./situation";

/** How the email state's own pause went: kept at its nominal length, or stretched to the wait's state. */
export type PauseAfterOutcome = "kept" | "stretched";

/**
 * The pause an email state keeps after its send (its `.waitForTaskToken`, TimeoutSeconds =
 * `pauseAfter.seconds`; docs/compiled-shape.md). Called after the send, or after the earlier
 * outcome on a retried attempt (the send ledger sends nothing twice; each attempt has a new token).
 *
 * - Kept: the nominal end lets the next email go out (inside its window, the send rate's place
 *   reserved in the second that end falls in), or the pause is the end's settle (no email
 *   follows). The pause is recorded with this attempt's token and the state times out at its
 *   nominal end; an interrupt meanwhile fails the token (src/core/engine/rules.ts) and the state's
 *   Catch routes it. An interrupt that ended the enrollment during the send is thrown here
 *   (beginPause).
 * - Stretched: the next email's window or the send rate needs a longer pause. The handler succeeds
 *   its own token with `{ pause: { seconds, slot } }` and the state goes on to the wait's own
 *   state, which records that pause as a window-aware wait does (src/core/engine/pause.ts).
 *   Succeeding the token is the LAST act: Step Functions keeps a task's first outcome, so nothing
 *   after it may throw.
 */
export async function pauseAfterEmail(
  deps: EngineDeps,
  situation: Situation,
  options: { token: string; pauseAfter: PauseAfter; pacing: SendPacing | undefined },
): Promise<PauseAfterOutcome> {
  const { token, pauseAfter } = options;
  const now = deps.clock.now();
  const nominalEnd = new Date(now.getTime() + pauseAfter.seconds * 1000).toISOString();
  const pause: Pause = {
    token,
    stepId: pauseAfter.stepId,
    kind: pauseAfter.kind,
    startedAt: now.toISOString(),
    deadline: nominalEnd,
  };
  // A settle reserves nothing and never stretches: no email follows it.
  if (pauseAfter.kind === "settle") {
    await beginPause(deps, situation, pause, { recheck: true });
    return "kept";
  }
  const earlier = situation.enrollment.pause;
  const reuse = earlier?.stepId === pauseAfter.stepId ? earlier.slot : undefined;
  const plan = await planPauseAfter(deps, situation.contact.timezone, pauseAfter, {
    pacing: options.pacing,
    reuse,
  });
  // Kept only when the plan is the nominal length itself: the state times out in the second the
  // nominal end falls in, so a slot reserved any later would be missed (the email would take a
  // place anew, in a second the rate may have filled) and the stretch waits for it instead.
  if (plan.seconds <= pauseAfter.seconds) {
    await beginPause(
      deps,
      situation,
      { ...pause, ...(plan.slot ? { slot: plan.slot } : {}) },
      { recheck: true },
    );
    return "kept";
  }
  await deps.control.sendTaskSuccess(token, { pause: { seconds: plan.seconds, slot: plan.slot } });
  return "stretched";
}
