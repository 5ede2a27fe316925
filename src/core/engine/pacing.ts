/**
 * Send pacing: at most `perSecond` emails enter SES in any one second of the clock, across every
 * execution of the stage. The count lives in the store, one counter per epoch second
 * (`pace#<second>`, an atomic add, expiring an hour after its second), so concurrent Lambdas share
 * it without coordination.
 *
 * Two ways to a place in a second:
 * - taken: the email step adds 1 to the current second's counter right before its ledger claim;
 *   a count above the limit means the second is full, and the step throws SendPacedError;
 * - reserved: the plan-hold task (for an email held by its send window, paced, or throttled by
 *   SES), or the email before a window-aware wait (for the email after it), adds 1 to the counter
 *   of the second it wants; the hold or wait then lasts until that second, and the email step,
 *   waking in it, sends without counting again (the place is already counted; src/core/engine/hold.ts).
 * Both add to the same counters, so takes and reservations together never exceed the limit in a
 * second. A count above the limit is a place refused, not a place used: it only inflates that
 * second's counter, which tells later callers how many queued there before them.
 */
import { SendPacedError } from "../errors";
import type { ContactStore } from "../ports";

export interface SendPacing {
  /** Emails a second the stage may hand to SES (its SES maximum send rate). */
  perSecond: number;
}

/** SES's maximum send rate for an account that just left the sandbox (per region): 14 a second. */
export const SES_DEFAULT_SEND_RATE = 14;

/** A second's counter is garbage an hour after its second (DynamoDB's TTL then deletes it). */
const COUNTER_LIFE_SECONDS = 3600;
/**
 * Seconds a reservation tries before giving up (then the hold ends at the last one tried and the
 * email takes its chance there like any other). Galloping doubles each step, so 16 tries reach
 * about 18 hours ahead: at 14 a second, a queue of 900,000 emails.
 */
const MAX_PROBES = 16;

export const paceCounter = (second: number) => `pace#${second}`;

const epochSecond = (at: Date) => Math.floor(at.getTime() / 1000);

function count(store: ContactStore, second: number): Promise<number> {
  return store.increment(paceCounter(second), {
    expiresAt: new Date((second + COUNTER_LIFE_SECONDS) * 1000),
  });
}

/**
 * Takes a place in the current second for an email about to go to SES, or throws SendPacedError
 * when the second is full. `reserved`: the second a hold reserved for this email; waking in it,
 * the email uses that place and counts nothing (waking later, the place is lost and it takes anew).
 */
export async function takeSendPlace(
  store: ContactStore,
  pacing: SendPacing,
  now: Date,
  reserved?: number,
): Promise<void> {
  const second = epochSecond(now);
  if (reserved === second) return;
  const n = await count(store, second);
  if (n > pacing.perSecond)
    throw new SendPacedError(
      `second ${second} is full: this email was number ${n} there, over the send rate of ${pacing.perSecond} a second`,
    );
}

export interface Reservation {
  /** The epoch second the email may be sent in. */
  second: number;
  /** False when every probe found a full second: the email then takes its chance at `second`. */
  reserved: boolean;
}

/**
 * Reserves a place in the first second from `from` on that has one. Each probe counts in a
 * second's counter; a count n over the limit means n - limit emails queued there before this one
 * and were sent on to the seconds after it, `limit` to a second, so the next probe jumps past them.
 * A queue's callers thus land one after the other, `limit` to a second, two probes each. The jump
 * is at least 2^probe (galloping), so an email that arrives while a long queue drains gets past it
 * in a few probes, at the price of landing up to twice as far as needed.
 */
export async function reserveSendPlace(
  store: ContactStore,
  pacing: SendPacing,
  from: number,
): Promise<Reservation> {
  let second = from;
  for (let probe = 0; probe < MAX_PROBES; probe++) {
    const n = await count(store, second);
    if (n <= pacing.perSecond) return { second, reserved: true };
    second += Math.max(Math.ceil((n - pacing.perSecond) / pacing.perSecond), 2 ** probe);
  }
  return { second, reserved: false };
}
