import type { SendWindow } from "../language";
import { nextOpening, windowZone } from "../send-window-time";
import type { EngineDeps } from "./deps";
import { reserveSendPlace, type SendPacing } from "./pacing";
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

/** What planPauseAfter needs of the pause after an email: its nominal length, the next email's window. */
export interface PauseLength {
  /** The pause's own length (the wait's, or the email state's TimeoutSeconds). */
  seconds: number;
  /** The send window of the email after the pause; none: the pause's nominal end is in it. */
  sendWindow?: SendWindow | undefined;
}

export interface PauseAfterOptions {
  /** The send rate, when the machine paces its emails: the pause then reserves the next email's second. */
  pacing?: SendPacing | undefined;
  /**
   * The second an earlier attempt of this email already reserved for the pause (the enrollment's
   * recorded pause for the same step): used again when it is not before the pause's earliest end,
   * so a retried attempt takes no second place. One before it is lost anyway (the next email wakes
   * after it), and a new one is reserved.
   */
  reuse?: number | undefined;
}

/**
 * How long the pause after an email lasts so that the email after it comes due inside its send
 * window: the pause's own length, stretched to the window's next opening in the contact's zone.
 * When the machine is paced, the pause also reserves the next email's second under the send rate,
 * from when it comes due (or the opening) on, and lasts until that second: the emails of every
 * contact whose wait ended while the window was closed (a night, a weekend) then go out one after
 * the other at the rate, each at its reserved second, instead of all in the opening's second, and
 * an email due at a second that other reservations already filled waits for the next free one
 * instead of being held. Either way none of them is held. Without a window and a rate the pause
 * lasts its own length.
 */
export async function planPauseAfter(
  deps: EngineDeps,
  contactZone: string | undefined,
  pause: PauseLength,
  options: PauseAfterOptions = {},
): Promise<HoldPlan> {
  const nowMs = deps.clock.now().getTime();
  const nowSecond = Math.floor(nowMs / 1000);
  const due = nowMs + pause.seconds * 1000;
  let earliest = due;
  if (pause.sendWindow) {
    const zone = windowZone(pause.sendWindow, contactZone, deps.catalog.settings.defaultTimezone);
    earliest = Math.max(due, nextOpening(pause.sendWindow, zone, new Date(due)).getTime());
  }
  const { pacing, reuse } = options;
  if (!pacing) return { seconds: Math.ceil((earliest - nowMs) / 1000), slot: 0 };
  // The second the earliest end falls in: where a pause of its own length from now, or a state that
  // times out after that length (entered a moment before now), wakes the next email. A window's
  // opening is a whole second. place.second >= from, so the pause lasts at least its own length
  // (counted from this second) and ends in the window.
  const from = Math.floor(earliest / 1000);
  if (reuse && reuse >= from) return { seconds: reuse - nowSecond, slot: reuse };
  const place = await reserveSendPlace(deps.store, pacing, from);
  return { seconds: place.second - nowSecond, slot: place.reserved ? place.second : 0 };
}
