/**
 * Send windows on the clock: whether a window is open at an instant, and when it next opens, in an
 * IANA time zone with daylight saving applied. Wall-clock parts come from Intl.DateTimeFormat
 * (cached per zone); no date library. Pure: instants are passed in.
 */
import type { EmailStep, SendWindow, Settings } from "./language";
import { parseDays, parseHours } from "./language/send-window-days";
import { isTimeZone } from "./language/time-zone-names";

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface ParsedWindow {
  days: ReadonlySet<number>;
  /** Minutes after local midnight; end exclusive, at most 1440. */
  start: number;
  end: number;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  /** 0 = Sunday. */
  weekday: number;
  /** Milliseconds after local midnight. */
  msOfDay: number;
}

const MAX_CACHED_DAYS = 4096;

const formats = new Map<string, Intl.DateTimeFormat>();
/** Per zone, per UTC day (ms / DAY_MS): the offset all day long, or null on a transition day. */
const offsets = new Map<string, Map<number, number | null>>();
const windows = new Map<string, ParsedWindow>();

/**
 * The send window that applies to an email: its own, else the workflow's, else the settings'
 * default; a window read in the contact's zone falls back to the settings' default zone. Null: the
 * email may go at any time. (The compiler writes this into the email's payload; enrollment reads it
 * to schedule a drip's first email, src/core/engine/enroll-contact.ts.)
 */
export function emailSendWindow(
  step: Pick<EmailStep, "sendWindow">,
  workflow: { sendWindow?: SendWindow | undefined },
  settings: Pick<Settings, "defaultSendWindow" | "defaultTimezone">,
): SendWindow | null {
  const window = step.sendWindow ?? workflow.sendWindow ?? settings.defaultSendWindow;
  return window ? { ...window, fallbackTimezone: window.fallbackTimezone ?? settings.defaultTimezone } : null;
}

/**
 * The zone a window is read in: a fixed zone as written; for "contact", the contact's zone, else
 * the window's fallbackTimezone, else `defaultZone` (settings' defaultTimezone). A contact zone this
 * runtime does not know is skipped.
 */
export function windowZone(window: SendWindow, contactZone: string | undefined, defaultZone: string): string {
  if (window.timezone !== "contact") return window.timezone;
  if (contactZone && isTimeZone(contactZone)) return contactZone;
  return window.fallbackTimezone ?? defaultZone;
}

/** True when the window is open at `at` in `zone`: an allowed local day, start <= local time < end. */
export function isOpen(window: SendWindow, zone: string, at: Date): boolean {
  return openAt(parseWindow(window), zone, at.getTime());
}

/**
 * `at` itself when the window is open then, else the next instant it opens. A local opening time
 * skipped by a spring-forward gap opens at the first instant after the gap (if the window is still
 * open then); a repeated local time (fall back) opens at its first occurrence after `at`.
 */
export function nextOpening(window: SendWindow, zone: string, at: Date): Date {
  const parsed = parseWindow(window);
  const atMs = at.getTime();
  if (Number.isNaN(atMs)) throw new RangeError("nextOpening needs a valid date");
  if (openAt(parsed, zone, atMs)) return at;
  const today = wallClock(zone, atMs);
  // Eight local days reach the same weekday next week, even when today's opening has passed.
  for (let offset = 0; offset <= 7; offset++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    if (!parsed.days.has(date.getUTCDay())) continue;
    const wall = date.getTime() + parsed.start * MINUTE_MS;
    for (const instant of instantsOf(zone, wall)) {
      if (instant > atMs && openAt(parsed, zone, instant)) return new Date(instant);
    }
  }
  throw new RangeError(`send window "${window.days} ${window.hours}" never opens`);
}

function openAt(window: ParsedWindow, zone: string, ms: number): boolean {
  const wall = wallClock(zone, ms);
  return (
    window.days.has(wall.weekday) &&
    wall.msOfDay >= window.start * MINUTE_MS &&
    wall.msOfDay < window.end * MINUTE_MS
  );
}

function parseWindow(window: SendWindow): ParsedWindow {
  const key = `${window.days}\u0000${window.hours}`;
  let parsed = windows.get(key);
  if (!parsed) {
    const days = parseDays(window.days);
    const hours = parseHours(window.hours);
    if (!days || days.size === 0) throw new RangeError(`not a set of days: ${window.days}`);
    if (!hours) throw new RangeError(`not a span of hours: ${window.hours}`);
    parsed = { days, start: hours.start, end: hours.end };
    windows.set(key, parsed);
  }
  return parsed;
}

function format(zone: string): Intl.DateTimeFormat {
  let dtf = formats.get(zone);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, dtf);
  }
  return dtf;
}

/** The local wall-clock time of an instant as if it were UTC, in ms, straight from Intl. */
function rawWallMs(zone: string, ms: number): number {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of format(zone).formatToParts(ms)) parts[part.type] = Number(part.value);
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1);
  // An hour of 24 (midnight, as some runtimes write it) is 0.
  wall.setUTCHours((parts.hour ?? 0) % 24, parts.minute ?? 0, parts.second ?? 0, ((ms % 1000) + 1000) % 1000);
  return wall.getTime();
}

/**
 * The zone's UTC offset at an instant, in ms (local = instant + offset). Cached per zone and UTC
 * day when the offset is the same at both ends of the day (no zone changes it twice in a day);
 * on a transition day each instant asks Intl.
 */
function offsetAt(zone: string, ms: number): number {
  const day = Math.floor(ms / DAY_MS);
  const cached = offsets.get(zone)?.get(day);
  if (cached !== undefined) return cached ?? rawWallMs(zone, ms) - ms;
  const first = rawWallMs(zone, day * DAY_MS) - day * DAY_MS;
  const last = rawWallMs(zone, (day + 1) * DAY_MS - 1) - ((day + 1) * DAY_MS - 1);
  let byDay = offsets.get(zone);
  if (!byDay) {
    byDay = new Map();
    offsets.set(zone, byDay);
  } else if (byDay.size >= MAX_CACHED_DAYS) {
    byDay.clear();
  }
  byDay.set(day, first === last ? first : null);
  return first === last ? first : rawWallMs(zone, ms) - ms;
}

function wallClock(zone: string, ms: number): WallClock {
  const wall = new Date(ms + offsetAt(zone, ms));
  const msOfDay = ((wall.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    weekday: wall.getUTCDay(),
    msOfDay,
  };
}

/**
 * The instants whose local time is `wall` (ms as if UTC), earliest first: one normally, two when
 * the clock falls back over it, and, when a spring-forward gap skips it, the instant the gap ends.
 */
function instantsOf(zone: string, wall: number): number[] {
  const before = offsetAt(zone, wall - DAY_MS);
  const after = offsetAt(zone, wall + DAY_MS);
  const instants: number[] = [];
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset;
    if (offsetAt(zone, instant) === offset && !instants.includes(instant)) instants.push(instant);
  }
  if (instants.length > 0) return instants.sort((a, b) => a - b);
  // In a gap: the transition lies between wall - after (old offset) and wall - before (new offset).
  let lo = Math.floor((wall - Math.max(before, after)) / 1000);
  let hi = Math.ceil((wall - Math.min(before, after)) / 1000);
  const old = offsetAt(zone, lo * 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * 1000) === old) lo = mid;
    else hi = mid;
  }
  return [hi * 1000];
}
