import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { SendWindow } from "../../src/core/language";
import { isOpen, nextOpening, windowZone } from "../../src/core/send-window-time";

function win(days: string, hours: string, timezone = "contact", fallbackTimezone?: string): SendWindow {
  return fallbackTimezone ? { days, hours, timezone, fallbackTimezone } : { days, hours, timezone };
}

const OFFICE = win("mon-fri", "09:00-17:00");
const NY = "America/New_York";

/** nextOpening as an ISO string, for readable failures. */
function next(window: SendWindow, zone: string, at: string): string {
  return nextOpening(window, zone, new Date(at)).toISOString();
}

function open(window: SendWindow, zone: string, at: string): boolean {
  return isOpen(window, zone, new Date(at));
}

describe("windowZone", () => {
  it("uses a fixed zone as written", () => {
    expect(windowZone(win("mon-fri", "09:00-17:00", "Asia/Tokyo"), "Europe/Berlin", NY)).toBe("Asia/Tokyo");
  });

  it("uses the contact's zone, else the fallback, else the default", () => {
    const fallback = win("mon-fri", "09:00-17:00", "contact", "Europe/London");
    expect(windowZone(fallback, "Europe/Berlin", NY)).toBe("Europe/Berlin");
    expect(windowZone(fallback, undefined, NY)).toBe("Europe/London");
    expect(windowZone(OFFICE, undefined, NY)).toBe(NY);
    expect(windowZone(OFFICE, "", NY)).toBe(NY);
  });

  it("skips a contact zone the runtime does not know", () => {
    expect(windowZone(OFFICE, "Mars/Olympus_Mons", NY)).toBe(NY);
  });
});

describe("New York, mon-fri 09:00-17:00", () => {
  it("returns the instant itself when the window is open", () => {
    const at = new Date("2026-03-04T15:00:00Z"); // Wed 10:00 EST
    expect(nextOpening(OFFICE, NY, at)).toBe(at);
    expect(isOpen(OFFICE, NY, at)).toBe(true);
  });

  it("holds an email due before 09:00 to 09:00 the same day", () => {
    expect(next(OFFICE, NY, "2026-03-04T12:00:00Z")).toBe("2026-03-04T14:00:00.000Z");
  });

  it("sends at Friday 16:59 and holds at 17:00 (the end is exclusive) to Monday", () => {
    expect(open(OFFICE, NY, "2026-03-06T21:59:00Z")).toBe(true);
    expect(open(OFFICE, NY, "2026-03-06T21:59:59.999Z")).toBe(true);
    expect(open(OFFICE, NY, "2026-03-06T22:00:00Z")).toBe(false);
    expect(next(OFFICE, NY, "2026-03-06T21:59:00Z")).toBe("2026-03-06T21:59:00.000Z");
    // Monday 9 March is after the spring-forward of 8 March: 09:00 EDT is 13:00 UTC, not 14:00.
    expect(next(OFFICE, NY, "2026-03-06T22:00:00Z")).toBe("2026-03-09T13:00:00.000Z");
  });

  it("holds weekend emails to Monday", () => {
    expect(next(OFFICE, NY, "2026-03-07T15:00:00Z")).toBe("2026-03-09T13:00:00.000Z");
    expect(next(OFFICE, NY, "2026-03-08T23:00:00Z")).toBe("2026-03-09T13:00:00.000Z");
  });

  it("applies the November fall-back", () => {
    // Friday 30 October 17:00 EDT; Monday 2 November 09:00 is EST (UTC-5).
    expect(next(OFFICE, NY, "2026-10-30T21:00:00Z")).toBe("2026-11-02T14:00:00.000Z");
    expect(open(OFFICE, NY, "2026-11-02T13:30:00Z")).toBe(false);
    expect(open(OFFICE, NY, "2026-11-02T14:00:00Z")).toBe(true);
  });

  it("is closed in the evening and opens the next morning", () => {
    expect(next(OFFICE, NY, "2026-03-10T23:30:00Z")).toBe("2026-03-11T13:00:00.000Z");
  });
});

/** An instant, and what office hours give there: the next opening (ISO), or whether they are open. */
type OfficeCheck = [at: string, expected: string | boolean];

describe("other zones", () => {
  it.each<[string, string, OfficeCheck[]]>([
    [
      "Berlin: spring-forward on 29 March 2026",
      "Europe/Berlin",
      [
        // Friday 27 March 17:30 CET → Monday 30 March 09:00 CEST = 07:00 UTC.
        ["2026-03-27T16:30:00Z", "2026-03-30T07:00:00.000Z"],
        ["2026-03-26T05:00:00Z", "2026-03-26T08:00:00.000Z"],
        ["2026-03-30T06:59:00Z", false],
      ],
    ],
    [
      "Tokyo (UTC+9, no daylight saving)",
      "Asia/Tokyo",
      [
        // Sunday 8 March 08:59 JST is Saturday 23:59 UTC.
        ["2026-03-07T23:59:00Z", "2026-03-09T00:00:00.000Z"],
        ["2026-03-09T07:59:00Z", true],
        ["2026-03-09T08:00:00Z", false],
      ],
    ],
    [
      "Kolkata (UTC+05:30)",
      "Asia/Kolkata",
      [
        ["2026-03-09T00:00:00Z", "2026-03-09T03:30:00.000Z"],
        ["2026-03-09T11:29:00Z", true],
        ["2026-03-09T11:30:00Z", false],
        // Friday 17:00 IST → Monday 09:00 IST.
        ["2026-03-13T11:30:00Z", "2026-03-16T03:30:00.000Z"],
      ],
    ],
    [
      "Sydney: daylight saving ends in April and starts in October",
      "Australia/Sydney",
      [
        // Friday 3 April 17:00 AEDT (+11) → Monday 6 April 09:00 AEST (+10).
        ["2026-04-03T06:00:00Z", "2026-04-05T23:00:00.000Z"],
        // Friday 2 October 17:00 AEST (+10) → Monday 5 October 09:00 AEDT (+11).
        ["2026-10-02T07:00:00Z", "2026-10-04T22:00:00.000Z"],
        // Summer: Monday 12 January 09:00 AEDT is Sunday 22:00 UTC.
        ["2026-01-11T22:00:00Z", true],
        ["2026-01-11T21:59:00Z", false],
      ],
    ],
    [
      "Honolulu (UTC-10, no daylight saving)",
      "Pacific/Honolulu",
      [
        ["2026-03-09T18:00:00Z", "2026-03-09T19:00:00.000Z"],
        ["2026-07-06T18:00:00Z", "2026-07-06T19:00:00.000Z"],
        // Friday 16:59 HST open, 17:00 closed → Monday.
        ["2026-03-14T02:59:00Z", true],
        ["2026-03-14T03:00:00Z", "2026-03-16T19:00:00.000Z"],
      ],
    ],
    ["UTC", "UTC", [["2026-03-07T12:00:00Z", "2026-03-09T09:00:00.000Z"]]],
  ])("%s", (_zoneAndWhy, zone, checks) => {
    for (const [at, expected] of checks) {
      if (typeof expected === "boolean") expect(open(OFFICE, zone, at), at).toBe(expected);
      else expect(next(OFFICE, zone, at), at).toBe(expected);
    }
  });
});

describe("daylight-saving gaps and repeats", () => {
  it("opens a window whose start falls in a spring-forward gap at the first valid instant after", () => {
    // New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT at 07:00 UTC.
    const early = win("daily", "02:30-05:00");
    expect(next(early, NY, "2026-03-08T05:00:00Z")).toBe("2026-03-08T07:00:00.000Z");
    expect(open(early, NY, "2026-03-08T07:00:00Z")).toBe(true);
    expect(next(early, NY, "2026-03-09T05:00:00Z")).toBe("2026-03-09T06:30:00.000Z");
    // Berlin, 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
    expect(next(win("daily", "02:15-06:00"), "Europe/Berlin", "2026-03-28T23:00:00Z")).toBe(
      "2026-03-29T01:00:00.000Z",
    );
    // Sydney, 4 October 2026: 02:00 AEST jumps to 03:00 AEDT at 16:00 UTC on the 3rd.
    expect(next(win("daily", "02:30-04:00"), "Australia/Sydney", "2026-10-03T12:00:00Z")).toBe(
      "2026-10-03T16:00:00.000Z",
    );
  });

  it("skips a day whose whole window falls in the gap", () => {
    const gap = win("daily", "02:00-02:30");
    expect(next(gap, NY, "2026-03-08T05:00:00Z")).toBe("2026-03-09T06:00:00.000Z");
  });

  it("opens at the first occurrence of a repeated local time, and again at the second", () => {
    // New York, 1 November 2026: 01:00-02:00 happens twice (EDT, then EST).
    const repeated = win("daily", "01:30-01:45");
    expect(next(repeated, NY, "2026-11-01T04:00:00Z")).toBe("2026-11-01T05:30:00.000Z");
    expect(next(repeated, NY, "2026-11-01T05:50:00Z")).toBe("2026-11-01T06:30:00.000Z");
    expect(open(repeated, NY, "2026-11-01T06:40:00Z")).toBe(true);
    expect(next(repeated, NY, "2026-11-01T06:50:00Z")).toBe("2026-11-02T06:30:00.000Z");
  });

  it("Sydney's April repeat", () => {
    // 5 April 2026: 03:00 AEDT falls back to 02:00 AEST at 16:00 UTC on the 4th.
    expect(next(win("daily", "02:30-02:45"), "Australia/Sydney", "2026-04-04T14:00:00Z")).toBe(
      "2026-04-04T15:30:00.000Z",
    );
  });
});

describe("day sets", () => {
  it('wraps "fri-mon" over the weekend', () => {
    const longWeekend = win("fri-mon", "10:00-12:00");
    expect(open(longWeekend, "UTC", "2026-03-08T11:00:00Z")).toBe(true); // Sunday
    expect(open(longWeekend, "UTC", "2026-03-09T11:00:00Z")).toBe(true); // Monday
    expect(open(longWeekend, "UTC", "2026-03-10T11:00:00Z")).toBe(false); // Tuesday
    expect(next(longWeekend, "UTC", "2026-03-10T11:00:00Z")).toBe("2026-03-13T10:00:00.000Z");
    expect(next(longWeekend, "UTC", "2026-03-09T12:00:00Z")).toBe("2026-03-13T10:00:00.000Z");
  });

  it("handles lists and aliases", () => {
    expect(next(win("mon,wed,fri", "09:00-10:00"), "UTC", "2026-03-09T10:00:00Z")).toBe(
      "2026-03-11T09:00:00.000Z",
    );
    expect(next(win("weekends", "09:00-10:00"), "UTC", "2026-03-09T10:00:00Z")).toBe(
      "2026-03-14T09:00:00.000Z",
    );
  });

  it("waits a full week when the only day's window has passed", () => {
    expect(next(win("wed", "09:00-10:00"), "UTC", "2026-03-11T10:00:00Z")).toBe("2026-03-18T09:00:00.000Z");
  });
});

describe('"00:00-24:00"', () => {
  const allDay = win("mon-fri", "00:00-24:00");

  it("is open all day on the days given, up to midnight", () => {
    expect(open(allDay, NY, "2026-03-06T05:00:00Z")).toBe(true); // Friday 00:00 EST
    expect(open(allDay, NY, "2026-03-07T04:59:59Z")).toBe(true); // Friday 23:59:59
    expect(open(allDay, NY, "2026-03-07T05:00:00Z")).toBe(false); // Saturday 00:00
    expect(next(allDay, NY, "2026-03-07T05:00:00Z")).toBe("2026-03-09T04:00:00.000Z"); // Monday 00:00 EDT
  });

  it("daily is always open", () => {
    const always = win("daily", "00:00-24:00");
    for (const at of [
      "2026-03-08T07:00:00Z",
      "2026-11-01T05:59:00Z",
      "2026-11-01T06:30:00Z",
      "2026-12-31T23:59:59Z",
    ]) {
      expect(open(always, NY, at)).toBe(true);
    }
  });
});

describe("errors", () => {
  it("rejects a malformed window and an unknown zone", () => {
    expect(() => nextOpening(win("someday", "09:00-17:00"), "UTC", new Date(0))).toThrow(RangeError);
    expect(() => isOpen(win("mon-fri", "17:00-09:00"), "UTC", new Date(0))).toThrow(RangeError);
    expect(() => isOpen(OFFICE, "Nowhere/City", new Date(0))).toThrow(RangeError);
    expect(() => nextOpening(OFFICE, "UTC", new Date(Number.NaN))).toThrow(RangeError);
  });
});

// ---- properties -------------------------------------------------------------------------------

const ZONES = [
  NY,
  "Europe/Berlin",
  "Asia/Tokyo",
  "Asia/Kolkata",
  "Australia/Sydney",
  "Pacific/Honolulu",
  "Asia/Kathmandu",
  "Australia/Lord_Howe",
  "America/Sao_Paulo",
  "UTC",
];
const QUARTER = 15 * 60_000;
const YEAR_START = Date.parse("2026-01-01T00:00:00Z");

const windowArb = fc
  .record({
    days: fc.uniqueArray(fc.constantFrom("sun", "mon", "tue", "wed", "thu", "fri", "sat"), {
      minLength: 1,
      maxLength: 7,
    }),
    start: fc.integer({ min: 0, max: 95 }),
    length: fc.integer({ min: 1, max: 96 }),
  })
  .map(({ days, start, length }) => {
    const end = Math.min(96, start + length);
    const hhmm = (q: number) =>
      `${String(Math.floor(q / 4)).padStart(2, "0")}:${String((q % 4) * 15).padStart(2, "0")}`;
    return win(days.join(","), `${hhmm(start)}-${hhmm(end)}`);
  });
/** Instants on a 15-minute grid through 2026, weighted toward the DST weekends. */
const atArb = fc.oneof(
  fc.integer({ min: 0, max: 365 * 96 }).map((q) => YEAR_START + q * QUARTER),
  fc
    .constantFrom("2026-03-08", "2026-03-29", "2026-04-05", "2026-10-04", "2026-10-25", "2026-11-01")
    .chain((day) =>
      fc.integer({ min: -96, max: 96 }).map((q) => Date.parse(`${day}T00:00:00Z`) + q * QUARTER),
    ),
);

describe("send window properties", () => {
  it("nextOpening is the first open 15-minute instant at or after `at` (brute force)", () => {
    fc.assert(
      fc.property(windowArb, fc.constantFrom(...ZONES), atArb, (window, zone, atMs) => {
        const result = nextOpening(window, zone, new Date(atMs)).getTime();
        let expected = atMs;
        while (!isOpen(window, zone, new Date(expected))) expected += QUARTER;
        expect(new Date(result).toISOString()).toBe(new Date(expected).toISOString());
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it("nextOpening is open, not before `at`, and a fixed point", () => {
    const offGrid = fc.integer({ min: 0, max: 365 * 86_400 }).map((s) => YEAR_START + s * 1000 + 123);
    fc.assert(
      fc.property(windowArb, fc.constantFrom(...ZONES), offGrid, (window, zone, atMs) => {
        const result = nextOpening(window, zone, new Date(atMs));
        expect(result.getTime()).toBeGreaterThanOrEqual(atMs);
        expect(result.getTime() - atMs).toBeLessThanOrEqual(8 * 86_400_000);
        expect(isOpen(window, zone, result)).toBe(true);
        expect(nextOpening(window, zone, result).getTime()).toBe(result.getTime());
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

/**
 * Runs `work` counting the two costly Intl calls behind send windows: formatters built (one per
 * zone, cached in src/core/send-window-time.ts) and formatToParts calls (cached per zone and UTC day).
 */
function countIntl(work: () => void): { formatters: number; formatCalls: number } {
  const Original = Intl.DateTimeFormat;
  const counts = { formatters: 0, formatCalls: 0 };
  const formatToParts = vi.spyOn(Original.prototype, "formatToParts");
  Intl.DateTimeFormat = new Proxy(Original, {
    construct(target, args, newTarget) {
      counts.formatters += 1;
      return Reflect.construct(target, args, newTarget);
    },
  });
  try {
    work();
  } finally {
    Intl.DateTimeFormat = Original;
    counts.formatCalls = formatToParts.mock.calls.length;
    formatToParts.mockRestore();
  }
  return counts;
}

const DAY = 86_400_000;
/** Intl calls allowed on the span's few daylight-saving transition days (4 of them), where each instant asks. */
const TRANSITION_MARGIN = 1_000;

describe("cost of many emails (counted, not timed)", () => {
  it("builds at most one formatter per zone and asks Intl about a zone's day, not about each email", () => {
    const EMAILS = 20_000;
    const STEP_MS = 977_000;
    let opened = 0;
    const counts = countIntl(() => {
      for (let i = 0; i < EMAILS; i++) {
        const at = new Date(YEAR_START + i * STEP_MS);
        if (isOpen(OFFICE, ZONES[i % ZONES.length]!, at)) opened += 1;
        nextOpening(OFFICE, ZONES[i % ZONES.length]!, at);
      }
    });
    expect(opened).toBeGreaterThan(0);
    expect(counts.formatters).toBeLessThanOrEqual(ZONES.length);
    // Two Intl calls per zone and UTC day the emails (and nextOpening's 8-day look-ahead) reach,
    // plus a margin for the few daylight-saving transition days, where each instant asks Intl.
    // Without the per-day cache every email would ask at least twice: 2 * EMAILS = 40,000.
    const days = Math.ceil((EMAILS * STEP_MS) / DAY) + 9;
    expect(counts.formatCalls).toBeLessThanOrEqual(2 * ZONES.length * days + TRANSITION_MARGIN);
  });
});
