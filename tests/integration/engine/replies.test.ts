import { beforeAll, describe, expect, it } from "vitest";
import { base32, fromBase32 } from "../../../src/core/engine/links";
import { isAutoReply, parseRawHeaders, receiveReply } from "../../../src/core/engine/replies";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import { AUTO_REPLIED, engineForTests, replyTo } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { introPayload, payloadBase, twoDayWait } from "../../helpers/step-payloads";

const t = engineForTests();
beforeAll(() => {
  t.deps.replyDomain = "reply.acme.example";
});

/** A contact of Ana's whom sdr-follow-up sent its intro: the enrollment and the email as SES got it. */
async function sentIntro(id: string) {
  const contact = { firstName: "Ana", owner: "rep-ana", timezone: "America/New_York" } as const;
  const enrollment = await givenEnrolled(t.deps, id, "sdr-follow-up", contact);
  await stepHandlers(t.deps).sendEmail(introPayload(id, enrollment.id));
  const mail = (await t.ses.store()).find((m) => m.destination.to.includes(`${id}@example.com`))!;
  return { enrollment, mail };
}

/** A contact sent the intro, now in the two-day wait after it (task token `tok-<id>`). */
async function waitingAfterIntro(id: string) {
  const sent = await sentIntro(id);
  await stepHandlers(t.deps).pause(
    twoDayWait(payloadBase(id, sent.enrollment.id, "sdr-follow-up"), `tok-${id}`),
  );
  return sent;
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
    const { mail } = await waitingAfterIntro("rp-2");
    const inbound = replyTo(t, mail, {
      messageId: "in-1",
      subject: "Re: Quick question",
      headers: [{ name: "From", value: "rp-2@example.com" }],
    });
    expect(await receiveReply(t.deps, inbound)).toEqual({ status: "reply", contactId: "rp-2" });
    expect(await receiveReply(t.deps, inbound)).toEqual({ status: "duplicate", contactId: "rp-2" });
    expect(t.control.failures.find((f) => f.token === "tok-rp-2")?.error).toBe(ErrorNames.InterruptStop);
  });

  it("does not count an out-of-office answer as a reply", async () => {
    const { enrollment, mail } = await waitingAfterIntro("rp-3");
    const outcome = await receiveReply(
      t.deps,
      replyTo(t, mail, {
        messageId: "in-2",
        subject: "Automatic reply: Quick question",
        headers: [AUTO_REPLIED],
      }),
    );
    expect(outcome.status).toBe("auto-reply");
    expect(t.control.failures.find((f) => f.token === "tok-rp-3")).toBeUndefined();
    expect((await t.deps.store.getEnrollment("rp-3", enrollment.id))?.status).toBe("active");
  });

  it("matches a reply of a contact whose id is too long to inline, through a stored key", async () => {
    const id = `rp-long-${"x".repeat(40)}`;
    const { mail } = await sentIntro(id);
    const outcome = await receiveReply(
      t.deps,
      replyTo(t, mail, { messageId: "in-long", subject: "Re: hi", headers: [] }),
    );
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
