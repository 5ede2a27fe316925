import { beforeEach, describe, expect, it } from "vitest";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames, markNotSent, SendingPausedError, TransientError } from "../../../src/core/errors";
import type { Mailer } from "../../../src/core/ports";
import { engineForTests } from "../../helpers/engine";
import { ANA_AT_GLOBEX, type ContactFields, givenEnrolled } from "../../helpers/given";
import { welcomePayload } from "../../helpers/step-payloads";
import { hooked } from "../../helpers/store-hook";

const t = engineForTests();
beforeEach(async () => t.ses.clear());

const enrolled = (id: string, contact: ContactFields = {}) =>
  givenEnrolled(t.deps, id, "trial-nurture", { ...ANA_AT_GLOBEX, ...contact });

describe("the send-email handler on dynalite and aws-ses-v2-local", () => {
  it("sends the email with one-click unsubscribe headers, tracked links and the footer", async () => {
    const e = await enrolled("c-send-1");
    const result = await stepHandlers(t.deps).sendEmail(welcomePayload("c-send-1", e.id));
    expect(result).toMatchObject({ status: "sent" });
    const [mail, ...rest] = await t.ses.store();
    expect(rest).toHaveLength(0);
    expect(mail!.subject).toBe("Welcome to Acme, Ana");
    expect(mail!.destination.to).toEqual(["c-send-1@example.com"]);
    const headers = Object.fromEntries((mail!.headers ?? []).map((h) => [h.name, h.value]));
    expect(headers["List-Unsubscribe"]).toMatch(/^<https:\/\/go\.acme\.example\/u\/[A-Za-z0-9._~-]+>$/);
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail!.body.html).toContain("https://go.acme.example/r/");
    expect(mail!.body.html).not.toContain("https://app.acme.example/setup/sources");
    expect(mail!.body.html).toContain("500 Market St");
    expect(mail!.body.text).toContain("https://go.acme.example/u/");
    const send = await t.deps.store.getSend("c-send-1", e.id, "welcome");
    expect(send).toMatchObject({ status: "sent", messageId: (result as { messageId: string }).messageId });
    expect(Object.keys(send!.links ?? {})).toContain("connect-data");
  });

  it("sends one email when invoked twice for the same step", async () => {
    const e = await enrolled("c-send-twice");
    const handlers = stepHandlers(t.deps);
    const payload = welcomePayload("c-send-twice", e.id);
    const [a, b] = await Promise.all([handlers.sendEmail(payload), handlers.sendEmail(payload)]);
    const again = await handlers.sendEmail(payload);
    expect(
      (await t.ses.store()).filter((m) => m.destination.to.includes("c-send-twice@example.com")),
    ).toHaveLength(1);
    expect([a, b, again].filter((r) => (r as { status: string }).status === "sent")).toHaveLength(1);
  });

  it("HTML-escapes merge fields in the body but not in the subject, and strips CR/LF from the subject", async () => {
    const e = await enrolled("c-escape", {
      firstName: 'Bo<script>alert(1)</script>\r\nBcc: x@example.com "&"',
    });
    await stepHandlers(t.deps).sendEmail(welcomePayload("c-escape", e.id));
    const [mail] = await t.ses.store();
    expect(mail!.body.html).not.toContain("<script>alert(1)");
    expect(mail!.body.html).toContain("&lt;script&gt;");
    expect(mail!.subject).not.toMatch(/[\r\n]/);
    expect(mail!.subject).toContain("<script>");
  });

  it("holds an email due outside the send window instead of sending it", async () => {
    const e = await enrolled("c-window", { timezone: "Asia/Tokyo" });
    // 15:00Z on a Tuesday is midnight in Tokyo: the window opens at 09:00 local, 9 hours later.
    const error = await stepHandlers(t.deps)
      .sendEmail(welcomePayload("c-window", e.id))
      .catch((x: Error) => x);
    expect((error as Error).name).toBe(ErrorNames.SendWindowClosed);
    expect((error as { seconds: number }).seconds).toBe(9 * 3600);
    expect(await t.ses.store()).toHaveLength(0);
  });

  it("sends nothing to an unsubscribed, bounced or complaining contact, and ends the enrollment", async () => {
    for (const [id, event] of [
      ["c-unsub", "email.unsubscribe"],
      ["c-bounce", "email.bounce"],
      ["c-complaint", "email.complaint"],
    ] as const) {
      const e = await enrolled(id);
      await ingestEvent(t.deps, {
        id: `${id}-ev`,
        contactId: id,
        name: event,
        at: t.later(),
        properties: {},
      });
      const error = await stepHandlers(t.deps)
        .sendEmail(welcomePayload(id, e.id))
        .catch((x: Error) => x);
      expect((error as Error).name, id).toBe(ErrorNames.InterruptExit);
      expect((await t.deps.store.getEnrollment(id, e.id))?.status, id).toBe("exited");
    }
    expect(await t.ses.store()).toHaveLength(0);
  });

  describe("consent withdrawn while the email is being sent (read again right before SES)", () => {
    const withdrawDuring = async (id: string, hook: "render" | "claim", withdraw: () => Promise<unknown>) => {
      const e = await enrolled(id);
      let armed = true;
      const fire = async () => {
        if (!armed) return;
        armed = false;
        await withdraw();
      };
      const renderer = {
        ...t.deps.renderer,
        render: async (input: Parameters<typeof t.deps.renderer.render>[0]) => {
          const rendered = await t.deps.renderer.render(input);
          if (hook === "render") await fire();
          return rendered;
        },
      };
      const store = hooked(t.deps.store, "claimSend", (claimSend) => async (record) => {
        const claim = await claimSend(record);
        if (hook === "claim") await fire();
        return claim;
      });
      const error = await stepHandlers({ ...t.deps, renderer, store })
        .sendEmail(welcomePayload(id, e.id))
        .catch((x: Error) => x);
      return { e, error };
    };
    const unsubscribe = (id: string) =>
      ingestEvent(t.deps, {
        id: `${id}-unsub`,
        contactId: id,
        name: "email.unsubscribe",
        at: t.later(),
        properties: {},
      });

    it.each(["render", "claim"] as const)(
      "an unsubscribe landing after the situation was read (during %s) sends nothing and ends the enrollment",
      async (hook) => {
        const id = `c-late-unsub-${hook}`;
        const { e, error } = await withdrawDuring(id, hook, () => unsubscribe(id));
        expect((error as Error).name).toBe(ErrorNames.InterruptExit);
        expect((await t.ses.store()).filter((m) => m.destination.to.includes(`${id}@example.com`))).toEqual(
          [],
        );
        expect(await t.deps.store.getSend(id, e.id, "welcome")).toMatchObject({
          status: "skipped",
          reason: "unsubscribed",
        });
        expect((await t.deps.store.getEnrollment(id, e.id))?.status).toBe("exited");
      },
    );

    it("a complaint from another contact at the same address, landing after the claim, sends nothing", async () => {
      const id = "c-late-shared";
      await upsertContact(t.deps, { id: "c-late-shared-twin", email: `${id}@example.com` });
      const { e, error } = await withdrawDuring(id, "claim", () =>
        ingestEvent(t.deps, {
          id: "twin-complaint",
          contactId: "c-late-shared-twin",
          name: "email.complaint",
          at: t.later(),
          properties: {},
        }),
      );
      expect((error as Error).name).toBe(ErrorNames.InterruptExit);
      expect((await t.ses.store()).filter((m) => m.destination.to.includes(`${id}@example.com`))).toEqual([]);
      expect(await t.deps.store.getSend(id, e.id, "welcome")).toMatchObject({
        status: "skipped",
        reason: "complained",
      });
    });
  });

  it("routes to the handoff instead of sending when the handoff rule already holds", async () => {
    const e = await enrolled("c-hot");
    await ingestEvent(t.deps, {
      id: "hot-click",
      contactId: "c-hot",
      name: "email.click",
      at: t.later(),
      properties: { link: "pricing" },
    });
    const error = await stepHandlers(t.deps)
      .sendEmail(welcomePayload("c-hot", e.id))
      .catch((x: Error) => x);
    expect((error as Error).name).toBe(ErrorNames.InterruptHandoff);
    expect(await t.ses.store()).toHaveLength(0);
  });

  describe("under faults (the retry Step Functions makes after each)", () => {
    const sentTo = async (id: string) =>
      (await t.ses.store()).filter((m) => m.destination.to.includes(`${id}@example.com`));

    it("an email SES refused (throttled, paused) is released and sent once by the retry", async () => {
      for (const [id, make] of [
        ["c-throttled", () => new TransientError("SES SendEmail failed: TooManyRequestsException")],
        ["c-paused", () => new SendingPausedError("SES SendEmail failed: SendingPausedException")],
      ] as const) {
        const e = await enrolled(id);
        let refuse = true;
        const mailer: Mailer = {
          send: async (email) => {
            if (!refuse) return t.deps.mailer.send(email);
            refuse = false;
            throw markNotSent(make());
          },
        };
        const handlers = stepHandlers({ ...t.deps, mailer });
        const payload = welcomePayload(id, e.id);
        await expect(handlers.sendEmail(payload)).rejects.toThrow(/SendEmail failed/);
        expect((await t.deps.store.getSend(id, e.id, "welcome"))?.status, id).toBe("released");
        expect(await handlers.sendEmail(payload), id).toMatchObject({ status: "sent" });
        expect(await handlers.sendEmail(payload), id).toMatchObject({ status: "already-sent" });
        expect(await sentTo(id), id).toHaveLength(1);
      }
    });

    it("an SES call that fails after SES accepted the email leaves it uncertain: the retry sends nothing, clicks still resolve", async () => {
      const e = await enrolled("c-crash");
      let crash = true;
      const mailer: Mailer = {
        send: async (email) => {
          const accepted = await t.deps.mailer.send(email);
          if (crash) {
            crash = false;
            throw Object.assign(new Error("the function's process exited"), { name: "Lambda.Unknown" });
          }
          return accepted;
        },
      };
      const handlers = stepHandlers({ ...t.deps, mailer });
      const payload = welcomePayload("c-crash", e.id);
      expect(await handlers.sendEmail(payload)).toMatchObject({ status: "uncertain" });
      expect(await handlers.sendEmail(payload)).toMatchObject({ status: "uncertain" });
      expect(await sentTo("c-crash")).toHaveLength(1);
      const claim = await t.deps.store.getSend("c-crash", e.id, "welcome");
      expect(claim).toMatchObject({
        status: "uncertain",
        reason: "Lambda.Unknown: the function's process exited",
      });
      expect(Object.keys(claim?.links ?? {})).toContain("connect-data");
    });

    it("a failure before the claim (a throttled read or write) loses nothing: the retry sends once", async () => {
      const e = await enrolled("c-early");
      let throttle = true;
      const store = hooked(t.deps.store, "claimSend", (claimSend) => (record) => {
        if (!throttle) return claimSend(record);
        throttle = false;
        return Promise.reject(
          Object.assign(new Error("throughput exceeded"), { name: "ProvisionedThroughputExceededException" }),
        );
      });
      const handlers = stepHandlers({ ...t.deps, store });
      const payload = welcomePayload("c-early", e.id);
      await expect(handlers.sendEmail(payload)).rejects.toThrow(/throughput/);
      expect(await handlers.sendEmail(payload)).toMatchObject({ status: "sent" });
      expect(await sentTo("c-early")).toHaveLength(1);
    });
  });
});
