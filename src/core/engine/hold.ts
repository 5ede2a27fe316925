import type { SendWindow } from "../language";
import { nextOpening, windowZone } from "../send-window-time";
import type { EngineDeps } from "./deps";
import { reserveSendPlace, type SendPacing } from "./pacing";
import type { EmailPayload } from "./payloads";
import type { Situation } from "./situation";

export interface HoldPlan {
  /** How long the hold lasts: at least 1 s (a Step Functions timeout is a whole number of seconds). */
  seconds: number;
  /** The epoch second reserved for the email under the send rate; 0 when none was. */
  slot: number;
}

/**
 * How long a held email waits, from the plan-hold task. Its earliest second: the window's next
 * opening when the window is closed; else the next second (the email was paced, or SES throttled
 * it). Under a send rate, the plan then reserves the first second from there that has room, so
 * the contacts whose emails come due at one window opening go out one after the other at the
 * rate, each at its reserved second, instead of all in the opening's second.
 *
 * The hold ends `seconds` after the plan's instant, inside the slot second: that instant's
 * fraction of a second later than the slot's start (plus the hold task's own start-up).
 */
export async function planHold(
  deps: EngineDeps,
  situation: Situation,
  window: SendWindow | undefined,
): Promise<HoldPlan> {
  const nowMs = situation.now.getTime();
  const nowSecond = Math.floor(nowMs / 1000);
  let from = nowSecond + 1;
  if (window) {
    const zone = windowZone(window, situation.contact.timezone, deps.catalog.settings.defaultTimezone);
    const opens = nextOpening(window, zone, situation.now).getTime();
    if (opens > nowMs) from = Math.ceil(opens / 1000);
  }
  if (!deps.pacing) return { seconds: Math.max(1, from - nowSecond), slot: 0 };
  const place = await reserveSendPlace(deps.store, deps.pacing, from);
  return { seconds: Math.max(1, place.second - nowSecond), slot: place.reserved ? place.second : 0 };
}

/**
 * How long the wait after an email lasts so that the email after it comes due inside its send
 * window: the wait's own length, stretched to the window's next opening in the contact's zone.
 * When the machine is paced, the wait also reserves the next email's second under the send rate,
 * from when it comes due (or the opening) on, and lasts until that second: the emails of every
 * contact whose wait ended while the window was closed (a night, a weekend) then go out one after
 * the other at the rate, each at its reserved second, instead of all in the opening's second, and
 * an email due at a second that other reservations already filled waits for the next free one
 * instead of being held. Either way none of them is held.
 */
export async function pauseToNextEmail(
  deps: EngineDeps,
  contactZone: string | undefined,
  next: NonNullable<EmailPayload["nextPause"]>,
  pacing: SendPacing | undefined,
): Promise<HoldPlan> {
  const nowMs = deps.clock.now().getTime();
  const due = nowMs + next.seconds * 1000;
  const zone = windowZone(next.sendWindow, contactZone, deps.catalog.settings.defaultTimezone);
  const earliest = Math.max(due, nextOpening(next.sendWindow, zone, new Date(due)).getTime());
  if (!pacing) return { seconds: Math.ceil((earliest - nowMs) / 1000), slot: 0 };
  const place = await reserveSendPlace(deps.store, pacing, Math.ceil(earliest / 1000));
  // place.second >= earliest in seconds, so the wait lasts at least its own length and ends in the window.
  return { seconds: place.second - Math.floor(nowMs / 1000), slot: place.reserved ? place.second : 0 };
}
