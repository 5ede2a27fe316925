import { afterEach, describe, expect, it } from "vitest";
import { mapSesError } from "../../src/adapters/aws/ses-mailer";
import { enroll, upsertContact } from "../../src/core/engine/enroll-contact";
import type { Mailer } from "../../src/core/ports";
import { LocalRuntime, type RuntimeOptions } from "../../src/runtime/local-runtime";
import { REPO } from "../helpers/workspace";

// Sending is paced to the configured rate: a burst of emails due at the same second drains at the
// limit, and no enrollment fails for it. The compiled ASL runs in aws-local-stepfunctions on the
// virtual clock; "the second" of a send is the virtual second SES was called in.

const HOUR = 3_600_000;
/** Monday 2026-03-02 05:00 UTC: midnight in New York, trial-nurture's window (09:00-17:00) is closed. */
const NIGHT = Date.parse("2026-03-02T05:00:00Z");
/** 09:00 in New York: the window opens. */
const OPENING = Date.parse("2026-03-02T14:00:00Z");
/** 10:00 in New York: inside the window. */
const MORNING = Date.parse("2026-03-02T15:00:00Z");
/** Friday 2026-03-06, 10:00 in New York: the welcome goes out, and wait-1 (1 day) ends on Saturday. */
const FRIDAY = Date.parse("2026-03-06T15:00:00Z");
/** Monday 2026-03-09, 09:00 in New York (daylight saving time since Sunday): the window opens. */
const MONDAY_OPENING = Date.parse("2026-03-09T13:00:00Z");
const CONTACTS = 300;
const LIMIT = 5;

interface Run {
  rt: LocalRuntime;
  /** Virtual second of every SES call that sent an email, by contact and step. */
  sends: Array<{ contact: string; step: string; second: number }>;
  /** Steps whose email was held (a plan-hold task ran for it), once per hold. */
  holds: string[];
}

let current: LocalRuntime | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function burst(options: {
  at: number;
  /** Run until (default: two hours after the welcome comes due, short of the next email). */
  until?: number;
  /** Fault injection, given the virtual clock. */
  decorate?: (now: () => number) => RuntimeOptions["decorate"];
}): Promise<Run> {
  const sends: Run["sends"] = [];
  const holds: string[] = [];
  let rt: LocalRuntime | undefined;
  const now = () => rt!.clock.millis();
  rt = await LocalRuntime.start({
    cwd: REPO,
    start: new Date(options.at),
    backend: "memory",
    sendRate: { perSecond: LIMIT },
    onSend: (email) =>
      sends.push({ contact: email.tags.contact!, step: email.tags.step!, second: Math.floor(now() / 1000) }),
    onStep: (key, payload) => {
      const p = payload as { mode?: string; step: { id: string } };
      if (key === "pause" && p.mode === "plan") holds.push(p.step.id);
    },
    ...(options.decorate ? { decorate: options.decorate(now) } : {}),
  });
  current = rt;
  for (let i = 0; i < CONTACTS; i++) {
    const id = `burst-${i}`;
    await upsertContact(rt.deps, { id, email: `${id}@example.com`, timezone: "America/New_York" });
    const outcome = await enroll(rt.deps, id, "trial-nurture");
    expect(outcome.status).toBe("enrolled");
  }
  await rt.runUntil(options.until ?? Math.max(options.at, OPENING) + 2 * HOUR);
  return { rt, sends, holds };
}

function busiestSecond(sends: Run["sends"]): number {
  const perSecond = new Map<number, number>();
  for (const s of sends) perSecond.set(s.second, (perSecond.get(s.second) ?? 0) + 1);
  return Math.max(0, ...perSecond.values());
}

async function expectEverySentOnce({ rt, sends }: Run, step = "welcome"): Promise<void> {
  const failed = [...rt.executions.values()].filter((e) => e.status === "failed");
  expect(failed.map((e) => `${e.contactId}: ${e.error}`).slice(0, 3), `${failed.length} failed`).toEqual([]);
  expect((await rt.deps.store.listEnrollmentsByStatus("failed", { limit: 500 })).items).toEqual([]);
  const byContact = new Map<string, number>();
  for (const s of sends) if (s.step === step) byContact.set(s.contact, (byContact.get(s.contact) ?? 0) + 1);
  expect(byContact.size).toBe(CONTACTS);
  expect([...byContact.values()].every((n) => n === 1)).toBe(true);
  for (let i = 0; i < CONTACTS; i++)
    expect((await rt.deps.store.getSend(`burst-${i}`, "trial-nurture.1", step))?.status).toBe("sent");
}

describe("sending is paced to the configured rate (local runtime, virtual clock)", () => {
  it(`${CONTACTS} welcomes due at one window opening, limit ${LIMIT}/s: all sent once, none failed, never more than ${LIMIT} in a second`, async () => {
    const run = await burst({ at: NIGHT });
    await expectEverySentOnce(run);
    expect(busiestSecond(run.sends)).toBeLessThanOrEqual(LIMIT);
    // Drained at the limit: the last welcome goes out CONTACTS / LIMIT seconds after the opening.
    const last = Math.max(...run.sends.map((s) => s.second));
    expect(last - OPENING / 1000).toBeLessThan(CONTACTS / LIMIT + 5);
  });

  it(`${CONTACTS} enrollments at one instant inside the window, limit ${LIMIT}/s: all sent once, none failed, never more than ${LIMIT} in a second`, async () => {
    const run = await burst({ at: MORNING });
    await expectEverySentOnce(run);
    expect(busiestSecond(run.sends)).toBeLessThanOrEqual(LIMIT);
  });

  it(`${CONTACTS} waits ending over the weekend: the next emails go out from Monday's opening at ${LIMIT}/s, none held, none failed`, async () => {
    const run = await burst({ at: FRIDAY, until: MONDAY_OPENING + 2 * HOUR });
    await expectEverySentOnce(run, "first-steps");
    const monday = run.sends.filter((s) => s.step === "first-steps");
    expect(busiestSecond(monday)).toBeLessThanOrEqual(LIMIT);
    expect(Math.min(...monday.map((s) => s.second))).toBe(MONDAY_OPENING / 1000);
    // Each wait lasted to a second its email before it reserved: first-steps was never held.
    expect(run.holds.filter((step) => step === "first-steps")).toEqual([]);
  });

  it("SES throttling (modelled in-process: the error SesMailer makes of SES's 429 TooManyRequestsException) holds the email instead of failing the enrollment", async () => {
    // SES allows fewer sends a second than the stage is configured for (a quota set too high).
    const SES_LIMIT = 3;
    const calls = new Map<number, number>();
    const throttling =
      (now: () => number) =>
      (mailer: Mailer): Mailer => ({
        async send(email) {
          const second = Math.floor(now() / 1000);
          const n = (calls.get(second) ?? 0) + 1;
          calls.set(second, n);
          if (n > SES_LIMIT)
            throw mapSesError(
              Object.assign(new Error("Maximum sending rate exceeded."), {
                name: "TooManyRequestsException",
                $metadata: { httpStatusCode: 429 },
              }),
            );
          return mailer.send(email);
        },
      });
    const run = await burst({ at: MORNING, decorate: (now) => ({ mailer: throttling(now) }) });
    await expectEverySentOnce(run);
    expect(busiestSecond(run.sends)).toBeLessThanOrEqual(SES_LIMIT);
  });
});
