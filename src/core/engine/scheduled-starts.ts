/**
 * Scheduled starts: a drip enrolled while its first email's send window is closed starts its
 * execution at the window's opening, not at enrollment (src/core/engine/enroll-contact.ts writes
 * `startsAt`, and `startSlot` under a send rate, then asks WorkflowControl.scheduleStart). On AWS a
 * sweep every minute (functions/start-due.ts) runs `startDue`; the local runtime runs
 * `startIfScheduled` at each start's second on its virtual clock.
 *
 * Invariant: a start is never lost and never made twice. `startsAt` is cleared only after
 * StartExecution answered, and only if it still holds the value read (clearScheduledStart), so the
 * enrollment leaves the schedule once; a start repeated meanwhile (two sweeps, a sweep and a
 * handoff) has the same deterministic name and input, which Step Functions answers as the execution
 * already started (src/adapters/aws/sfn-control.ts maps ExecutionAlreadyExists to that).
 */
import { minuteOf, type ScheduledStart, startSecondOf } from "../contact-store";
import type { Enrollment } from "../model";
import type { EngineDeps } from "./deps";
import type { Fired } from "./situation";

/** The execution's input: the same whether it starts at once or as scheduled. */
export function executionInput(enrollment: Pick<Enrollment, "id" | "contactId">): Record<string, unknown> {
  return { enrollmentId: enrollment.id, contactId: enrollment.contactId };
}

/** When a scheduled enrollment's execution starts: its reserved second, else the opening (ISO). */
export function scheduledAt(start: Pick<Enrollment, "startsAt" | "startSlot">): string {
  return new Date(startSecondOf(start) * 1000).toISOString();
}

/**
 * Starts a scheduled enrollment's execution, then takes it off the schedule; true when this call
 * took it off (false: another start did, or an interrupt ended it meanwhile).
 */
export async function startScheduled(deps: EngineDeps, start: ScheduledStart): Promise<boolean> {
  await deps.control.startExecution(start.workflowId, start.executionName, executionInput(start));
  return deps.store.clearScheduledStart(start.contactId, start.id, start.startsAt);
}

/** Starts the enrollment's execution if it is still scheduled (the local runtime, at its second). */
export async function startIfScheduled(
  deps: EngineDeps,
  { contactId, enrollmentId }: { contactId: string; enrollmentId: string },
): Promise<boolean> {
  const enrollment = await deps.store.getEnrollment(contactId, enrollmentId);
  if (enrollment?.status !== "active" || enrollment.startsAt === undefined) return false;
  return startScheduled(deps, { ...enrollment, startsAt: enrollment.startsAt });
}

/**
 * An interrupt of an enrollment whose execution is not started yet (its end, when it has one, is
 * already recorded): a handoff starts the execution now, whose first email's guard throws the
 * handoff, so the machine hands off at once, not at the window's opening; an exit, stop or
 * conversion leaves nothing to start. "started" when this call started it.
 */
export async function interruptScheduledStart(
  deps: EngineDeps,
  enrollment: Enrollment & { startsAt: string },
  fired: Fired,
): Promise<"started" | undefined> {
  if (fired.kind === "handoff") return (await startScheduled(deps, enrollment)) ? "started" : undefined;
  await deps.store.clearScheduledStart(enrollment.contactId, enrollment.id, enrollment.startsAt);
  return undefined;
}

/** The value under which the sweep keeps the last minute it need not read again. */
const SWEPT = "scheduled-starts#swept";
const MINUTE_S = 60;
/** How far back a sweep reads when it has no record of the last one (a first deploy): an hour. */
const FIRST_LOOKBACK_MINUTES = 60;
/** How far back a sweep catches up after an outage: a day of minutes, one query each. */
const MAX_CATCH_UP_MINUTES = 24 * 60;

export interface StartDueOptions {
  /** Waits `ms` (the sweep sleeps until a start's second inside the current minute). */
  sleep(ms: number): Promise<void>;
}

export interface StartDueOutcome {
  /** Executions this sweep started (and took off the schedule). */
  started: number;
  /** The minutes it read, the current one included. */
  minutes: number;
}

/**
 * The sweep: every enrollment whose start is due, minute by minute from the first minute not yet
 * swept (catching up on minutes a failed or late sweep missed) to the current one, each minute's in
 * start order, each at its second: under a send rate those seconds were reserved at the rate, so an
 * opening's burst of first emails leaves at the rate. The minute before the current one is read
 * again by the next sweep (the index may lag a write by a moment); what was started is no longer
 * listed there.
 */
export async function startDue(deps: EngineDeps, options: StartDueOptions): Promise<StartDueOutcome> {
  const now = deps.clock.now();
  const current = Math.floor(now.getTime() / 1000 / MINUTE_S);
  const swept = await deps.store.readValue(SWEPT, now);
  const next = swept === undefined ? current - FIRST_LOOKBACK_MINUTES : minuteNumber(swept) + 1;
  const first = Math.min(Math.max(next, current - MAX_CATCH_UP_MINUTES), current - 1);
  let started = 0;
  for (let minute = first; minute <= current; minute++) {
    for (const start of await deps.store.listScheduledStarts(minuteOf(minute * MINUTE_S))) {
      const wait = startSecondOf(start) * 1000 - deps.clock.now().getTime();
      if (wait > 0) await options.sleep(wait);
      if (await startScheduled(deps, start)) started++;
    }
  }
  await deps.store.keepValue(SWEPT, minuteOf((current - 1) * MINUTE_S));
  return { started, minutes: current - first + 1 };
}

/** Minutes since the epoch of a `YYYY-MM-DDTHH:MM` minute. */
function minuteNumber(minute: string): number {
  return Math.floor(Date.parse(`${minute}:00Z`) / 1000 / MINUTE_S);
}
