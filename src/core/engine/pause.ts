import { nextOpening, windowZone } from "../send-window-time";
import type { EngineDeps } from "./deps";
import type { PausePayload } from "./payloads";
import { guard, loadSituation, recordPause } from "./situation";

/**
 * The pause handler. In plan mode it says how long a held email must wait for its send window.
 * Otherwise it records the task token and deadline on the enrollment, so an interrupt can end the
 * pause at once; if an interrupt already applies, it throws it instead of pausing.
 */
export async function pauseStep(deps: EngineDeps, payload: PausePayload): Promise<{ seconds?: number }> {
  const s = await loadSituation(deps, payload.contactId, payload.enrollmentId);
  await guard(deps, s);
  const step = payload.step;
  if (payload.mode === "plan") {
    const window = step.sendWindow;
    if (!window) return { seconds: 60 };
    const zone = windowZone(window, s.contact.timezone, deps.catalog.settings.defaultTimezone);
    const opens = nextOpening(window, zone, s.now);
    return { seconds: Math.max(60, Math.ceil((opens.getTime() - s.now.getTime()) / 1000)) };
  }
  if (!payload.taskToken) throw new Error(`pause ${step.id} has no task token`);
  const seconds = step.type === "hold" ? payload.hold?.seconds : (payload.pause?.seconds ?? step.seconds);
  if (!seconds) throw new Error(`pause ${step.id} has no length`);
  const deadline = new Date(s.now.getTime() + seconds * 1000).toISOString();
  await recordPause(deps, s, {
    token: payload.taskToken,
    stepId: step.id,
    kind: step.type,
    startedAt: s.now.toISOString(),
    deadline,
    ...(step.type === "waitFor" && step.event
      ? {
          event: {
            name: step.event,
            ...(step.link ? { link: step.link } : {}),
            ...(step.where ? { where: step.where } : {}),
          },
        }
      : {}),
  });
  return {};
}
