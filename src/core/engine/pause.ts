import { type EventFilter, eventMatches } from "../conditions";
import type { EngagementEvent, Pause } from "../model";
import type { EngineDeps } from "./deps";
import { EVENT_READ_LIMIT } from "./event-window";
import { planHold } from "./hold";
import type { PausePayload } from "./payloads";
import { beginPause, guard, loadSituation, type Situation } from "./situation";

/**
 * The pause handler. In plan mode it says how long a held email waits (for its send window, for a
 * second with room under the send rate) and which second it reserved (planHold).
 * Otherwise it records the task token and deadline on the enrollment, so an interrupt can end the
 * pause at once; if an interrupt already applies, or ended the enrollment while the pause was being
 * recorded (beginPause), it throws it instead of pausing.
 */
export async function pauseStep(
  deps: EngineDeps,
  payload: PausePayload,
): Promise<{ seconds?: number; slot?: number }> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId);
  await guard(deps, situation);
  const step = payload.step;
  if (payload.mode === "plan") return planHold(deps, situation, step.sendWindow);
  if (!payload.taskToken) throw new Error(`pause ${step.id} has no task token`);
  const seconds = step.type === "hold" ? payload.hold?.seconds : (payload.pause?.seconds ?? step.seconds);
  if (!seconds) throw new Error(`pause ${step.id} has no length`);
  const slot = step.type === "hold" ? payload.hold?.slot : payload.pause?.slot;
  const pause: Pause = {
    token: payload.taskToken,
    stepId: step.id,
    kind: step.type,
    startedAt: situation.now.toISOString(),
    deadline: new Date(situation.now.getTime() + seconds * 1000).toISOString(),
    ...(slot ? { slot } : {}),
    ...(step.type === "waitFor" && step.event
      ? {
          event: {
            name: step.event,
            ...(step.link ? { link: step.link } : {}),
            ...(step.where ? { where: step.where } : {}),
          },
        }
      : {}),
  };
  if (pause.event) await waitForEvent(deps, situation, pause);
  else await beginPause(deps, situation, pause);
  return {};
}

/**
 * When the step before a waitFor finished: the latest of the enrollment's start, its emails' send
 * times, and the end of a pause that ran its course. Events from then on count for the waitFor,
 * so one that came while the machine moved on to it (a click seconds after the email) is not lost.
 */
export function previousStepEnded(situation: Situation): string {
  const ends = [situation.enrollment.startedAt];
  for (const send of situation.sends)
    if (send.enrollmentId === situation.enrollment.id) ends.push(send.sentAt ?? send.claimedAt);
  const earlier = situation.enrollment.pause;
  if (earlier && earlier.deadline <= situation.now.toISOString()) ends.push(earlier.deadline);
  // ISO times in UTC compare as text: the latest sorts last.
  return ends.sort().at(-1)!;
}

/**
 * A waitFor: the awaited event may already have come after the previous step ended. The pause is
 * recorded before the events are read again, and the rules engine stores an event before it reads
 * the pause, so one of the two always sees the other; clearPause lets only one end the wait.
 */
async function waitForEvent(deps: EngineDeps, situation: Situation, pause: Pause): Promise<void> {
  const since = previousStepEnded(situation);
  const { name, link, where } = pause.event!;
  const awaited: EventFilter = { event: name, ...(link ? { link } : {}), ...(where ? { where } : {}) };
  // The event that started the enrollment (at its very start) is not one it waits for.
  const counts = (e: EngagementEvent) =>
    (e.at > since || (e.at === since && since !== situation.enrollment.startedAt)) &&
    eventMatches(e, awaited);
  const early = situation.events.find(counts);
  if (early) {
    await deps.control.sendTaskSuccess(pause.token, { event: early.name, at: early.at });
    return;
  }
  await beginPause(deps, situation, { ...pause, event: { ...pause.event!, since } });
  const raced = (await deps.store.listEvents(situation.contact.id, since, EVENT_READ_LIMIT)).find(counts);
  if (raced && (await deps.store.clearPause(situation.contact.id, situation.enrollment.id, pause.token)))
    await deps.control.sendTaskSuccess(pause.token, { event: raced.name, at: raced.at });
}
