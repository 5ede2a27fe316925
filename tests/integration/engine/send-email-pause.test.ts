import { beforeEach, describe, expect, it } from "vitest";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import type { Mailer } from "../../../src/core/ports";
import { engineForTests } from "../../helpers/engine";
import { ANA_AT_GLOBEX, type ContactFields, givenEnrolled } from "../../helpers/given";
import { pausingAfter, settleFor, WELCOME_NOW, welcomePayload } from "../../helpers/step-payloads";
import { hooked } from "../../helpers/store-hook";

// The email state that keeps the pause after its send (a token and `pauseAfter` in its payload),
// on dynalite and aws-ses-v2-local. Its send-rate side is in send-pacing.test.ts.

const t = engineForTests();
beforeEach(async () => t.ses.clear());

const enrolled = (id: string, contact: ContactFields = {}) =>
  givenEnrolled(t.deps, id, "trial-nurture", { ...ANA_AT_GLOBEX, ...contact });

const sentTo = async (id: string) =>
  (await t.ses.store()).filter((m) => m.destination.to.includes(`${id}@example.com`));

const pauseOf = async (id: string, enrollmentId: string) =>
  (await t.deps.store.getEnrollment(id, enrollmentId))?.pause;

/** The real mailer, which runs `during` once, right after SES accepted the first email. */
function mailerThen(during: () => Promise<unknown>): Mailer {
  let armed = true;
  return {
    send: async (email) => {
      const sent = await t.deps.mailer.send(email);
      if (armed) {
        armed = false;
        await during();
      }
      return sent;
    },
  };
}

/** An event about the contact, a minute from now. */
const happens = (contactId: string, name: string, properties: Record<string, string> = {}) =>
  ingestEvent(t.deps, { id: `${contactId}-${name}`, contactId, name, at: t.later(), properties });

describe("the email state's own pause after the send", () => {
  it("records the wait with the state's token when its nominal end is inside the next email's window", async () => {
    const e = await enrolled("p-fits");
    const startedAt = t.clock.now().toISOString();
    const result = await stepHandlers(t.deps).sendEmail(
      pausingAfter(welcomePayload("p-fits", e.id), "tok-fits"),
    );
    expect(result).toMatchObject({ status: "sent" });
    expect(await pauseOf("p-fits", e.id)).toEqual({
      token: "tok-fits",
      stepId: "wait-1",
      kind: "wait",
      startedAt,
      // Tuesday 10:00 in New York plus a day: Wednesday 10:00, inside Monday to Friday 9 to 5.
      deadline: "2026-03-04T15:00:00.000Z",
    });
    expect((await t.deps.store.getEnrollment("p-fits", e.id))?.currentStep).toBe("wait-1");
    expect(t.control.successes.filter((s) => s.token === "tok-fits")).toEqual([]);
    expect(await sentTo("p-fits")).toHaveLength(1);
  });

  it("stretched to the window's opening: succeeds its own token with the pause and records nothing", async () => {
    // 15:00Z on Tuesday is midnight in Tokyo: a day later is midnight too, 9 hours before 09:00.
    const e = await enrolled("p-stretch", { timezone: "Asia/Tokyo" });
    const payload = pausingAfter(welcomePayload("p-stretch", e.id, WELCOME_NOW), "tok-stretch");
    expect(await stepHandlers(t.deps).sendEmail(payload)).toMatchObject({ status: "sent" });
    expect(t.control.successes.filter((s) => s.token === "tok-stretch")).toEqual([
      { token: "tok-stretch", output: { pause: { seconds: 86400 + 9 * 3600, slot: 0 } } },
    ]);
    expect(await pauseOf("p-stretch", e.id)).toBeUndefined();
    expect(await sentTo("p-stretch")).toHaveLength(1);
  });

  it("a retried attempt (a new token) sends nothing again and records the pause with its own token", async () => {
    const e = await enrolled("p-retry");
    let failWrite = true;
    // The first attempt dies writing its pause, after the send: Step Functions retries the state.
    const store = hooked(t.deps.store, "updateEnrollment", (update) => (...args) => {
      if (!(failWrite && args[2].pause)) return update(...args);
      failWrite = false;
      return Promise.reject(Object.assign(new Error("throttled"), { name: "ThrottlingException" }));
    });
    const handlers = stepHandlers({ ...t.deps, store });
    const email = welcomePayload("p-retry", e.id);
    await expect(handlers.sendEmail(pausingAfter(email, "tok-retry-1"))).rejects.toThrow(/throttled/);
    t.later(2);
    expect(await handlers.sendEmail(pausingAfter(email, "tok-retry-2"))).toMatchObject({
      status: "already-sent",
    });
    expect(await handlers.sendEmail(pausingAfter(email, "tok-retry-3"))).toMatchObject({
      status: "already-sent",
    });
    expect(await sentTo("p-retry")).toHaveLength(1);
    expect(await pauseOf("p-retry", e.id)).toMatchObject({ token: "tok-retry-3", stepId: "wait-1" });
  });

  it.each([
    ["a conversion", "subscription.started", {}, ErrorNames.InterruptConvert, "converted"],
    [
      "a handoff (not recorded on the enrollment)",
      "email.click",
      { link: "pricing" },
      ErrorNames.InterruptHandoff,
      "active",
    ],
  ] as const)(
    "%s during the send is thrown once the email is out, so the state routes at once",
    async (_, name, properties, error, status) => {
      const id = `p-mid-${name}`;
      const e = await enrolled(id);
      const mailer = mailerThen(() => happens(id, name, properties));
      const failed = await stepHandlers({ ...t.deps, mailer })
        .sendEmail(pausingAfter(welcomePayload(id, e.id), `tok-${id}`))
        .catch((x: Error) => x);
      expect((failed as Error).name).toBe(error);
      expect(await sentTo(id)).toHaveLength(1);
      const stored = await t.deps.store.getEnrollment(id, e.id);
      expect(stored?.status).toBe(status);
      expect(stored?.pause).toBeUndefined();
    },
  );

  it("the end's settle folded into the last email: recorded at its nominal length, never stretched", async () => {
    // Midnight in Tokyo, and the settle lasts an hour: no window applies to it, no email follows.
    const e = await enrolled("p-settle", { timezone: "Asia/Tokyo" });
    const payload = pausingAfter(
      welcomePayload("p-settle", e.id, WELCOME_NOW),
      "tok-settle",
      settleFor(3600),
    );
    const now = t.clock.now();
    expect(await stepHandlers(t.deps).sendEmail(payload)).toMatchObject({ status: "sent" });
    expect(await pauseOf("p-settle", e.id)).toEqual({
      token: "tok-settle",
      stepId: "Settle",
      kind: "settle",
      startedAt: now.toISOString(),
      deadline: new Date(now.getTime() + 3600_000).toISOString(),
    });
    expect(t.control.successes.filter((s) => s.token === "tok-settle")).toEqual([]);
  });
});
