import { beforeAll, describe, expect, it } from "vitest";
import { startDue } from "../../../src/core/engine/scheduled-starts";
import { engineForTests } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";

// The sweep AWS runs every minute (functions/start-due.ts): the real use case on dynalite, the
// scheduled-starts index included; Step Functions recorded (tests/helpers/engine.ts).

const t = engineForTests();
/** The catch-up reads a day of minutes, one query each: slow on a busy machine. */
const SLOW = 120_000;
const DAY = 86_400_000;
/** Monday 2026-03-02 05:00 UTC: midnight in New York; trial-nurture's window (09:00-17:00) is closed. */
const NIGHT = Date.parse("2026-03-02T05:00:00Z");
/** 09:00 in New York. */
const OPENING = Date.parse("2026-03-02T14:00:00Z");

/** Every start the sweep made: which contact, at which instant of the test's clock. */
const starts: Array<{ contact: string; at: number }> = [];
/** The sweep sleeps on the test's clock. */
const sleep = async (ms: number) => t.clock.advance(ms / 1000);

beforeAll(() => {
  t.deps.pacing = { perSecond: 2 };
  const start = t.control.startExecution.bind(t.control);
  t.control.startExecution = async (workflowId, name, input) => {
    starts.push({ contact: String(input.contactId), at: t.clock.now().getTime() });
    return start(workflowId, name, input);
  };
});

async function enrolledAt(night: number, ids: string[]): Promise<void> {
  t.clock.set(new Date(night));
  for (const id of ids)
    await givenEnrolled(
      t.deps,
      id,
      "trial-nurture",
      { timezone: "America/New_York" },
      { scheduledStart: "keep" },
    );
}

describe("startDue, the start-due sweep (dynalite)", () => {
  it(
    "starts a minute's enrollments in startSlot order, each at its reserved second, once",
    async () => {
      const ids = ["due-1", "due-2", "due-3", "due-4", "due-5"];
      await enrolledAt(NIGHT, ids);
      expect(starts).toEqual([]);
      expect(t.control.scheduled.filter((s) => ids.includes(String(s.input.contactId)))).toHaveLength(5);
      const slots = await Promise.all(
        ids.map(async (id) => (await t.deps.store.getEnrollment(id, "trial-nurture.1"))?.startSlot),
      );
      // Two a second from the opening, reserved in the order the contacts were enrolled.
      const opening = OPENING / 1000;
      expect(slots).toEqual([opening, opening, opening + 1, opening + 1, opening + 2]);

      t.clock.set(new Date(OPENING - 120_000));
      expect(await startDue(t.deps, { sleep })).toMatchObject({ started: 0 });
      t.clock.set(new Date(OPENING + 500));
      expect(await startDue(t.deps, { sleep })).toEqual({ started: 5, minutes: 3 });
      expect(starts.map((s) => s.contact)).toEqual(ids);
      expect(starts.map((s) => s.at)).toEqual([
        OPENING + 500,
        OPENING + 500,
        OPENING + 1000,
        OPENING + 1000,
        OPENING + 2000,
      ]);
      for (const id of ids)
        expect((await t.deps.store.getEnrollment(id, "trial-nurture.1"))?.startsAt).toBeUndefined();
      expect(await startDue(t.deps, { sleep })).toMatchObject({ started: 0 });
      expect(starts).toHaveLength(5);
    },
    SLOW,
  );

  it(
    "catches up on the minutes sweeps missed, and never reads further back than it must",
    async () => {
      starts.length = 0;
      await enrolledAt(NIGHT + DAY, ["late-1", "late-2"]);
      // The last sweep ran the minute before Tuesday's opening; none ran for the next 20 minutes.
      t.clock.set(new Date(OPENING + DAY - 60_000));
      expect(await startDue(t.deps, { sleep })).toMatchObject({ started: 0 });
      t.clock.set(new Date(OPENING + DAY + 20 * 60_000));
      const caughtUp = await startDue(t.deps, { sleep });
      expect(caughtUp).toEqual({ started: 2, minutes: 22 });
      expect(starts.map((s) => s.contact)).toEqual(["late-1", "late-2"]);
      // The next minute's sweep reads the minute before it and its own.
      t.clock.advance(60);
      expect(await startDue(t.deps, { sleep })).toEqual({ started: 0, minutes: 2 });
    },
    SLOW,
  );

  it(
    "leaves a scheduled start that an interrupt took off the schedule",
    async () => {
      starts.length = 0;
      await enrolledAt(NIGHT + 2 * DAY, ["ended-1"]);
      const enrollment = (await t.deps.store.getEnrollment("ended-1", "trial-nurture.1"))!;
      expect(await t.deps.store.clearScheduledStart("ended-1", enrollment.id, enrollment.startsAt!)).toBe(
        true,
      );
      t.clock.set(new Date(OPENING + 2 * DAY + 1000));
      expect(await startDue(t.deps, { sleep })).toMatchObject({ started: 0 });
      expect(starts).toEqual([]);
    },
    SLOW,
  );
});
