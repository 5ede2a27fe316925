import { afterEach, describe, expect, it } from "vitest";
import { enroll, upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { eraseContactData } from "../../../src/core/engine/privacy";
import { contactDetail } from "../../../src/core/reports/contacts";
import { LocalRuntime } from "../../../src/runtime/local-runtime";
import { REPO } from "../../helpers/workspace";

// The first email of a drip enrolled outside its send window: the execution starts at the window's
// opening (src/core/engine/scheduled-starts.ts), so the email goes out then, with no hold. The
// compiled machines run in aws-local-stepfunctions on the virtual clock, on dynalite.

const HOUR = 3_600_000;
/** Monday 2026-03-02 05:00 UTC: midnight in New York; trial-nurture's window (09:00-17:00) is closed. */
const NIGHT = Date.parse("2026-03-02T05:00:00Z");
/** 09:00 in New York: trial-nurture's window opens. */
const OPENING = Date.parse("2026-03-02T14:00:00Z");
/** 08:00 in New York: sdr-follow-up's window (08:00-18:00) opens. */
const SDR_OPENING = Date.parse("2026-03-02T13:00:00Z");

/** A runtime starts dynalite and compiles the catalog: slow on a busy machine. */
const SLOW = 120_000;

let rt: LocalRuntime | undefined;
afterEach(async () => {
  await rt?.close();
  rt = undefined;
});

interface Night {
  rt: LocalRuntime;
  /** The virtual instant of every email SES accepted, by contact and step. */
  sends: Array<{ contact: string; step: string; at: string }>;
  /** Steps whose email was held (a plan-hold task ran for it). */
  holds: string[];
}

/** A runtime at NIGHT with `id` (in New York) enrolled in trial-nurture; on dynalite unless "memory". */
async function enrolledAtNight(id: string, backend: "servers" | "memory" = "servers"): Promise<Night> {
  const sends: Night["sends"] = [];
  const holds: string[] = [];
  const runtime = await LocalRuntime.start({
    cwd: REPO,
    start: new Date(NIGHT),
    backend,
    onSend: (email) =>
      sends.push({
        contact: email.tags.contact!,
        step: email.tags.step!,
        at: runtime.clock.now().toISOString(),
      }),
    onStep: (key, payload) => {
      const p = payload as { mode?: string; step: { id: string } };
      if (key === "pause" && p.mode === "plan") holds.push(p.step.id);
    },
  });
  rt = runtime;
  await upsertContact(runtime.deps, {
    id,
    email: `${id}@example.com`,
    firstName: "Dana",
    timezone: "America/New_York",
  });
  expect((await enroll(runtime.deps, id, "trial-nurture")).status).toBe("enrolled");
  return { rt: runtime, sends, holds };
}

const executionsOf = (runtime: LocalRuntime, workflowId: string) =>
  [...runtime.executions.values()].filter((e) => e.workflowId === workflowId);

describe("the first email of a drip enrolled outside its send window (local runtime, virtual clock)", () => {
  it(
    "starts the execution at the opening: the welcome goes at 09:00 New York time, with no hold",
    async () => {
      const night = await enrolledAtNight("night-1");
      const enrollment = await night.rt.deps.store.getEnrollment("night-1", "trial-nurture.1");
      expect(enrollment).toMatchObject({ status: "active", startsAt: new Date(OPENING).toISOString() });
      // Paced (SES's 14 a second by default): the opening's first second was reserved for the welcome.
      expect(enrollment?.startSlot).toBe(OPENING / 1000);
      // Meanwhile the enrollment is active and shown as scheduled; no execution runs.
      const detail = await contactDetail(night.rt.deps, "night-1");
      expect(detail?.enrollments[0]).toMatchObject({
        status: "active",
        startsAt: new Date(OPENING).toISOString(),
      });
      expect(detail?.timeline.find((e) => e.kind === "enrolled")?.text).toContain("first email at");
      expect(night.rt.executions.size).toBe(0);

      await night.rt.runUntil(OPENING + HOUR);
      expect(night.sends).toEqual([
        { contact: "night-1", step: "welcome", at: new Date(OPENING).toISOString() },
      ]);
      expect(night.holds).toEqual([]);
      const started = await night.rt.deps.store.getEnrollment("night-1", "trial-nurture.1");
      expect(started?.startsAt).toBeUndefined();
      expect(started?.status).toBe("active");
      expect((await contactDetail(night.rt.deps, "night-1"))?.enrollments[0]?.startsAt).toBeUndefined();
    },
    SLOW,
  );

  it(
    "hands off at once when the handoff comes at night, not at the opening, and never starts it again",
    async () => {
      const night = await enrolledAtNight("night-2");
      const click = NIGHT + HOUR;
      night.rt.schedule(click, async () => {
        await ingestEvent(night.rt.deps, {
          id: "night-2-click",
          contactId: "night-2",
          name: "email.click",
          at: night.rt.clock.now().toISOString(),
          properties: { link: "pricing" },
        });
      });
      await night.rt.runUntil(click + 60_000);
      const ended = await night.rt.deps.store.getEnrollment("night-2", "trial-nurture.1");
      expect(ended?.status).toBe("handed-off");
      expect(ended?.startsAt).toBeUndefined();
      expect((await night.rt.deps.store.getContact("night-2"))?.stage).toBe("sql");
      // The sequence it was handed to is scheduled in turn, for its own window (08:00 New York).
      const [sequence] = await night.rt.deps.store.listEnrollments("night-2", "sdr-follow-up");
      expect(sequence).toMatchObject({ status: "active", startsAt: new Date(SDR_OPENING).toISOString() });

      await night.rt.runUntil(OPENING + HOUR);
      // The drip's scheduled start came and found it started: one execution, which sent nothing.
      expect(executionsOf(night.rt, "trial-nurture").map((e) => e.status)).toEqual(["succeeded"]);
      expect(night.sends.filter((s) => s.step === "welcome")).toEqual([]);
      expect(night.sends.map((s) => s.at)).toEqual([new Date(SDR_OPENING).toISOString()]);
      expect(night.holds).toEqual([]);
    },
    SLOW,
  );

  it(
    "starts once when the same contact is enrolled twice",
    async () => {
      const night = await enrolledAtNight("night-3", "memory");
      const again = await enroll(night.rt.deps, "night-3", "trial-nurture");
      expect(again.status).toBe("already-active");
      await night.rt.runUntil(OPENING + HOUR);
      expect(executionsOf(night.rt, "trial-nurture")).toHaveLength(1);
      expect(night.sends.map((s) => s.step)).toEqual(["welcome"]);
    },
    SLOW,
  );

  it(
    "erasing the contact of a scheduled enrollment leaves nothing to start",
    async () => {
      const night = await enrolledAtNight("night-4", "memory");
      const report = await eraseContactData(night.rt.deps, night.rt.http().privacy!, "night-4");
      expect(report?.executionsStopped).toBe(0);
      await night.rt.runUntil(OPENING + HOUR);
      expect(night.rt.executions.size).toBe(0);
      expect(night.sends).toEqual([]);
      expect(await night.rt.deps.store.getContact("night-4")).toBeUndefined();
    },
    SLOW,
  );

  it(
    "an exit at night ends the enrollment with nothing to start",
    async () => {
      const night = await enrolledAtNight("night-5", "memory");
      night.rt.schedule(NIGHT + HOUR, async () => {
        await ingestEvent(night.rt.deps, {
          id: "night-5-customer",
          contactId: "night-5",
          name: "subscription.started",
          at: night.rt.clock.now().toISOString(),
          properties: {},
        });
      });
      await night.rt.runUntil(OPENING + HOUR);
      const ended = await night.rt.deps.store.getEnrollment("night-5", "trial-nurture.1");
      expect(ended).toMatchObject({ status: "converted", reason: "goal" });
      expect(ended?.startsAt).toBeUndefined();
      expect(night.rt.executions.size).toBe(0);
      expect(night.sends).toEqual([]);
    },
    SLOW,
  );
});
