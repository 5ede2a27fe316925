import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enroll, upsertContact } from "../../../src/core/engine/enroll-contact";
import { base32, fromBase32 } from "../../../src/core/engine/links";
import { isAutoReply, parseRawHeaders, receiveReply } from "../../../src/core/engine/replies";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import { startEngine, type TestEngine } from "../../helpers/engine";

let t: TestEngine;
beforeAll(async () => {
  t = await startEngine();
  t.deps.replyDomain = "reply.acme.example";
});
afterAll(async () => t.close());

async function sentIntro(id: string) {
  await upsertContact(t.deps, {
    id,
    email: `${id}@example.com`,
    firstName: "Ana",
    owner: "rep-ana",
    timezone: "America/New_York",
  });
  const e = await enroll(t.deps, id, "sdr-follow-up");
  if (e.status !== "enrolled") throw new Error(e.status);
  await stepHandlers(t.deps).sendEmail({
    workflow: "sdr-follow-up",
    contactId: id,
    enrollmentId: e.enrollment.id,
    step: {
      id: "intro",
      type: "email",
      template: "sdr-intro",
      subject: "Quick question",
      from: "{{ owner.name }} <{{ owner.email }}>",
      sendWindow: null,
    },
  });
  const mail = (await t.ses.store()).find((m) => m.destination.to.includes(`${id}@example.com`))!;
  return { enrollment: e.enrollment, mail };
}

describe("replies on dynalite and aws-ses-v2-local", () => {
  it("sends from the owner with a signed reply+ address of at most 64 characters before the @", async () => {
    const { mail } = await sentIntro("rp-1");
    expect(mail.from).toBe("Ana Silva <ana@acme.example>");
    const local = mail.replyTo[0]!.split("@")[0]!;
    expect(local).toMatch(/^reply\+[a-z0-9]+$/);
    expect(local.length).toBeLessThanOrEqual(64);
  });

  it("turns a reply into email.reply, which stops the sequence mid-wait", async () => {
    const { enrollment, mail } = await sentIntro("rp-2");
    await stepHandlers(t.deps).pause({
      workflow: "sdr-follow-up",
      contactId: "rp-2",
      enrollmentId: enrollment.id,
      taskToken: "tok-rp-2",
      step: { id: "wait-1", type: "wait", seconds: 172800 },
    });
    const inbound = {
      messageId: "in-1",
      at: t.later(),
      recipients: [mail.replyTo[0]!],
      subject: "Re: Quick question",
      headers: [{ name: "From", value: "rp-2@example.com" }],
    };
    expect(await receiveReply(t.deps, inbound)).toEqual({ status: "reply", contactId: "rp-2" });
    expect(await receiveReply(t.deps, inbound)).toEqual({ status: "duplicate", contactId: "rp-2" });
    expect(t.control.failures.find((f) => f.token === "tok-rp-2")?.error).toBe(ErrorNames.InterruptStop);
  });

  it("does not count an out-of-office answer as a reply", async () => {
    const { enrollment, mail } = await sentIntro("rp-3");
    await stepHandlers(t.deps).pause({
      workflow: "sdr-follow-up",
      contactId: "rp-3",
      enrollmentId: enrollment.id,
      taskToken: "tok-rp-3",
      step: { id: "wait-1", type: "wait", seconds: 172800 },
    });
    const outcome = await receiveReply(t.deps, {
      messageId: "in-2",
      at: t.later(),
      recipients: [mail.replyTo[0]!],
      subject: "Automatic reply: Quick question",
      headers: [{ name: "Auto-Submitted", value: "auto-replied" }],
    });
    expect(outcome.status).toBe("auto-reply");
    expect(t.control.failures.find((f) => f.token === "tok-rp-3")).toBeUndefined();
    expect((await t.deps.store.getEnrollment("rp-3", enrollment.id))?.status).toBe("active");
  });

  it("matches a reply of a contact whose id is too long to inline, through a stored key", async () => {
    const id = `rp-long-${"x".repeat(40)}`;
    const { mail } = await sentIntro(id);
    const outcome = await receiveReply(t.deps, {
      messageId: "in-long",
      at: t.later(),
      recipients: [mail.replyTo[0]!],
      subject: "Re: hi",
      headers: [],
    });
    expect(outcome).toEqual({ status: "reply", contactId: id });
  });

  it("round-trips contact ids through base32", () => {
    for (const id of ["p000001", "Ünïcode-42", "0031U00001abcXYZ", "a"])
      expect(fromBase32(base32(id))).toBe(id);
  });

  it("refuses a forged or unknown reply address", async () => {
    const forged = await receiveReply(t.deps, {
      messageId: "in-3",
      at: t.later(),
      recipients: ["reply+k1abcdefghijklmnop@reply.acme.example"],
      subject: "hi",
      headers: [],
    });
    expect(forged.status).toBe("unmatched");
    const none = await receiveReply(t.deps, {
      messageId: "in-4",
      at: t.later(),
      recipients: ["sales@acme.example"],
      subject: "hi",
      headers: [],
    });
    expect(none.status).toBe("unmatched");
  });
});

describe("auto-reply detection", () => {
  it.each([
    [{ subject: "Out of Office: back Monday", headers: [] }, true],
    [{ subject: "Abwesenheitsnotiz: Re: Frage", headers: [] }, true],
    [{ subject: "Réponse automatique : Quick question", headers: [] }, true],
    [{ subject: "Re: Quick question", headers: [{ name: "X-Autoreply", value: "yes" }] }, true],
    [{ subject: "Re: Quick question", headers: [{ name: "Precedence", value: "auto_reply" }] }, true],
    [{ subject: "Re: Quick question", headers: [{ name: "Auto-Submitted", value: "no" }] }, false],
    [{ subject: "Re: out of office hours pricing?", headers: [] }, false],
    // Outlook asks other autoresponders to stay quiet on mail a person wrote: not a sign of one.
    [{ subject: "RE: Quick question", headers: [{ name: "X-Auto-Response-Suppress", value: "All" }] }, false],
  ])("%o → %s", (mail, auto) => {
    expect(isAutoReply(mail)).toBe(auto);
  });

  it("reads headers from a raw message, unfolding continuation lines", () => {
    const headers = parseRawHeaders(
      "Subject: Automatic\r\n reply\r\nAuto-Submitted: auto-replied\r\n\r\nbody: not a header\r\n",
    );
    expect(headers).toEqual([
      { name: "Subject", value: "Automatic reply" },
      { name: "Auto-Submitted", value: "auto-replied" },
    ]);
  });
});
