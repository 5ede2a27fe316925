import { beforeEach, describe, expect, it } from "vitest";
import { mapSesError } from "../../../src/adapters/aws/ses-mailer";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { paceCounter, reserveSendPlace } from "../../../src/core/engine/pacing";
import type { EmailPayload } from "../../../src/core/engine/payloads";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import type { Mailer } from "../../../src/core/ports";
import { engineForTests } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { pausingAfter, WELCOME_NOW, welcomePayload } from "../../helpers/step-payloads";

// The send handler under a send rate, on dynalite and aws-ses-v2-local.

const t = engineForTests();
beforeEach(async () => t.ses.clear());

/** The payload of a paced machine's email step (trial-nurture's), for `step`. */
function payload(contactId: string, enrollmentId: string, step = "welcome", paced = true): EmailPayload {
  const email = welcomePayload(contactId, enrollmentId, { ...WELCOME_NOW, id: step });
  return paced ? { ...email, paced: true } : email;
}

const enrolled = (id: string) => givenEnrolled(t.deps, id, "trial-nurture", { timezone: "America/New_York" });

/** The engine with a send rate of `perSecond`, the clock at a fresh second of its own. */
function paced(perSecond: number, extra: Partial<EngineDeps> = {}) {
  t.later(3600);
  return stepHandlers({ ...t.deps, pacing: { perSecond }, ...extra });
}

const second = () => Math.floor(t.clock.now().getTime() / 1000);
const count = (s: number) => t.deps.store.increment(paceCounter(s)).then((n) => n - 1);

describe("the send handler under a send rate", () => {
  it("takes a place in its second; over the rate it throws Handoff.SendPaced and sends nothing", async () => {
    const [a, b] = [await enrolled("c-pace-a"), await enrolled("c-pace-b")];
    const handlers = paced(1);
    expect(await handlers.sendEmail(payload("c-pace-a", a.id))).toMatchObject({ status: "sent" });
    await expect(handlers.sendEmail(payload("c-pace-b", b.id))).rejects.toMatchObject({
      name: ErrorNames.SendPaced,
    });
    expect(await t.deps.store.getSend("c-pace-b", b.id, "welcome")).toBeUndefined();
    expect(await t.ses.store()).toHaveLength(1);
  });

  it("a machine compiled before pacing (no `paced` in its payload) sends unpaced", async () => {
    const [a, b] = [await enrolled("c-old-a"), await enrolled("c-old-b")];
    const handlers = paced(1);
    await handlers.sendEmail(payload("c-old-a", a.id, "welcome", false));
    expect(await handlers.sendEmail(payload("c-old-b", b.id, "welcome", false))).toMatchObject({
      status: "sent",
    });
    expect(await count(second())).toBe(0);
  });

  it("uses the place a wait reserved without counting again, once: another email of the enrollment in that second takes its own", async () => {
    const e = await enrolled("c-reserved");
    const handlers = paced(1);
    const { second: slot } = await reserveSendPlace(t.deps.store, { perSecond: 1 }, second());
    expect(slot).toBe(second());
    const pause = {
      token: "tok",
      stepId: "wait-1",
      kind: "wait" as const,
      startedAt: t.later(0),
      deadline: t.later(0),
      slot,
    };
    await t.deps.store.updateEnrollment("c-reserved", e.id, { pause });
    expect(await handlers.sendEmail(payload("c-reserved", e.id, "first-steps"))).toMatchObject({
      status: "sent",
    });
    await expect(handlers.sendEmail(payload("c-reserved", e.id, "next-one"))).rejects.toMatchObject({
      name: ErrorNames.SendPaced,
    });
    expect(await count(slot)).toBe(2); // the reservation, then the second email's refused take
  });

  it("SES throttling (the error SesMailer makes of a 429 TooManyRequestsException) becomes Handoff.SendPaced on a paced machine, stays Handoff.Transient before pacing; the claim is released either way", async () => {
    const throttled: Mailer = {
      send: async () => {
        throw mapSesError(
          Object.assign(new Error("Maximum sending rate exceeded."), {
            name: "TooManyRequestsException",
            $metadata: { httpStatusCode: 429 },
          }),
        );
      },
    };
    for (const [id, pacedMachine, name] of [
      ["c-throttled-new", true, ErrorNames.SendPaced],
      ["c-throttled-old", false, ErrorNames.Transient],
    ] as const) {
      const e = await enrolled(id);
      const handlers = paced(14, { mailer: throttled });
      await expect(handlers.sendEmail(payload(id, e.id, "welcome", pacedMachine))).rejects.toMatchObject({
        name,
      });
      expect((await t.deps.store.getSend(id, e.id, "welcome"))?.status).toBe("released");
    }
  });
});

describe("the pause an email state keeps after its send, under a send rate", () => {
  /** The paced email with the state's token and a one-day pause (no window: the rate alone decides). */
  const pausing = (id: string, enrollmentId: string, token: string) =>
    pausingAfter(payload(id, enrollmentId), token, { sendWindow: undefined });
  const pauseOf = async (id: string, enrollmentId: string) =>
    (await t.deps.store.getEnrollment(id, enrollmentId))?.pause;

  it("reserves the next email's second at the nominal end, once: a retried attempt uses the same place", async () => {
    const e = await enrolled("c-kept-slot");
    const handlers = paced(1);
    const slot = second() + 86400;
    await handlers.sendEmail(pausing("c-kept-slot", e.id, "tok-kept-1"));
    expect(await pauseOf("c-kept-slot", e.id)).toMatchObject({ token: "tok-kept-1", slot });
    await handlers.sendEmail(pausing("c-kept-slot", e.id, "tok-kept-2"));
    expect(await pauseOf("c-kept-slot", e.id)).toMatchObject({ token: "tok-kept-2", slot });
    expect(t.control.successes.filter((s) => s.token.startsWith("tok-kept"))).toEqual([]);
    expect(await count(slot)).toBe(1);
  });

  it("stretched by the rate when the nominal second and the next are full: succeeds its own token with the second it reserved", async () => {
    const e = await enrolled("c-full-slot");
    const handlers = paced(1);
    const due = second() + 86400;
    await count(due);
    await count(due + 1);
    await handlers.sendEmail(pausing("c-full-slot", e.id, "tok-full"));
    // Galloping past the full seconds: due, due + 1, then due + 3 (pacing.ts).
    expect(t.control.successes.find((s) => s.token === "tok-full")?.output).toEqual({
      pause: { seconds: 86403, slot: due + 3 },
    });
    expect(await pauseOf("c-full-slot", e.id)).toBeUndefined();
  });

  it("a scheduled start's reserved second serves the enrollment's first email alone", async () => {
    const [a, b] = [await enrolled("c-start-slot-a"), await enrolled("c-start-slot-b")];
    const handlers = paced(1);
    // a's first email wakes in its reserved second: it sends without counting again.
    const { second: slotA } = await reserveSendPlace(t.deps.store, { perSecond: 1 }, second());
    await t.deps.store.updateEnrollment("c-start-slot-a", a.id, { startSlot: slotA });
    expect(await handlers.sendEmail(payload("c-start-slot-a", a.id))).toMatchObject({ status: "sent" });
    expect(await count(slotA)).toBe(1);
    // b's first email went out before its reserved second: a later email of b takes its own place there.
    const { second: slotB } = await reserveSendPlace(t.deps.store, { perSecond: 1 }, second() + 10);
    await t.deps.store.updateEnrollment("c-start-slot-b", b.id, { startSlot: slotB });
    t.later(1);
    await handlers.sendEmail(payload("c-start-slot-b", b.id));
    t.later(slotB - second());
    await expect(handlers.sendEmail(payload("c-start-slot-b", b.id, "first-steps"))).rejects.toMatchObject({
      name: ErrorNames.SendPaced,
    });
  });

  it("at a fraction of a second, reserves the second the nominal end falls in: the next email, woken there, uses it", async () => {
    const e = await enrolled("c-fraction");
    const handlers = paced(1);
    t.clock.advance(0.6);
    const slot = second() + 86400;
    await handlers.sendEmail(pausing("c-fraction", e.id, "tok-fraction"));
    expect(await pauseOf("c-fraction", e.id)).toMatchObject({ token: "tok-fraction", slot });
    expect(t.control.successes.filter((s) => s.token === "tok-fraction")).toEqual([]);
    // The state times out a day after it began (a moment before the handler's now): in the slot second.
    t.clock.advance(86400 - 0.3);
    expect(await handlers.sendEmail(payload("c-fraction", e.id, "first-steps"))).toMatchObject({
      status: "sent",
    });
    expect(await count(slot)).toBe(1);
  });
});
