import { describe, expect, it } from "vitest";
import { mailEventOf, SesEventDetail } from "../../../src/adapters/aws/events/ses-event";
import type { SesMailer } from "../../../src/adapters/aws/ses-mailer";
import { receiveMailEvent } from "../../../src/core/engine/mail-events";
import type { SendOutcome } from "../../../src/core/engine/send-email";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import type { Mailer, OutboundEmail } from "../../../src/core/ports";
import { engineForTests } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { namedCases } from "../../helpers/named-cases";
import { payloadBase, twoDayWait, welcomePayload } from "../../helpers/step-payloads";

// SES events name their email by the message tags it was sent with, as SES gives them back: the
// EmailTags SesMailer.buildInput made for the email the send handler handed it (plus the tags SES
// adds itself), never the ids the test started from.

const t = engineForTests();

interface Sent {
  contactId: string;
  enrollmentId: string;
  email: string;
  messageId: string;
  /** The task token of its pause at wait-1. */
  token: string;
  /** `mail.tags` as an SES event carries them. */
  tags: Record<string, string[]>;
}

let n = 0;

/** Creates and enrolls the contact, sends it trial-nurture's welcome, and pauses it at wait-1. */
async function sendWelcome(contactId: string): Promise<Sent> {
  const email = `tags-${++n}@example.com`;
  const token = `tok-${n}`;
  const contact = { email, firstName: "Ana", timezone: "America/New_York" };
  const enrollmentId = (await givenEnrolled(t.deps, contactId, "trial-nurture", contact)).id;
  const handed: OutboundEmail[] = [];
  const mailer: Mailer = {
    send: async (outbound) => {
      handed.push(outbound);
      return t.deps.mailer.send(outbound);
    },
  };
  const handlers = stepHandlers({ ...t.deps, mailer });
  const outcome = (await handlers.sendEmail(
    welcomePayload(contactId, enrollmentId, { sendWindow: null }),
  )) as SendOutcome;
  if (outcome.status !== "sent") throw new Error(`welcome to ${contactId}: ${outcome.status}`);
  await handlers.pause(twoDayWait(payloadBase(contactId, enrollmentId), token));
  const input = (t.deps.mailer as SesMailer).buildInput(handed[0]!);
  const tags: Record<string, string[]> = {
    "ses:configuration-set": ["handoff-test"],
    "ses:from-domain": ["mail.acme.example"],
    "ses:caller-identity": ["handoff-send-email"],
  };
  for (const tag of input.EmailTags ?? []) tags[tag.Name!] = [tag.Value!];
  return { contactId, enrollmentId, email, messageId: outcome.messageId, token, tags };
}

/** The SES event of `eventType` for the email `sent`, as EventBridge hands it to functions/ses-events.ts. */
function sesEvent(sent: Sent, eventType: string, extra: Record<string, unknown> = {}): SesEventDetail {
  return SesEventDetail.parse({
    eventType,
    mail: {
      timestamp: t.clock.now().toISOString(),
      messageId: sent.messageId,
      destination: [sent.email],
      tags: sent.tags,
    },
    ...extra,
  });
}

/** What functions/ses-events.ts does with an event. */
async function receive(detail: SesEventDetail) {
  await receiveMailEvent(t.deps, mailEventOf(detail));
}

async function untouched(sent: Sent) {
  const { store } = t.deps;
  expect(await store.getSuppression(sent.email), sent.contactId).toBeUndefined();
  const contact = await store.getContact(sent.contactId);
  expect(contact?.suppressed, sent.contactId).toBeUndefined();
  expect(contact?.consent.status, sent.contactId).toBe("subscribed");
  const enrollment = await store.getEnrollment(sent.contactId, sent.enrollmentId);
  expect(enrollment?.status, sent.contactId).toBe("active");
  expect(enrollment?.pause?.stepId, sent.contactId).toBe("wait-1");
  const events = await store.listEvents(sent.contactId);
  expect(
    events.filter((e) => e.name !== "email.sent").map((e) => e.name),
    sent.contactId,
  ).toEqual([]);
}

async function exitedAs(sent: Sent, reason: "complained" | "bounced") {
  const { store } = t.deps;
  expect((await store.getSuppression(sent.email))?.reason, sent.contactId).toBe(reason);
  expect((await store.getContact(sent.contactId))?.suppressed, sent.contactId).toBe(reason);
  expect((await store.getEnrollment(sent.contactId, sent.enrollmentId))?.status, sent.contactId).toBe(
    "exited",
  );
  const token = (await store.getEnrollment(sent.contactId, sent.enrollmentId))?.pause?.token;
  expect(token, sent.contactId).toBeUndefined();
}

describe("SES events map to the contact, enrollment and step of their email, exactly", () => {
  it.each(
    namedCases([
      {
        name: "a complaint about crm:42's email suppresses crm:42 and leaves crm_42 alone",
        colon: "crm:42",
        underscore: "crm_42",
        sendOrder: ["crm:42", "crm_42"],
        eventType: "Complaint",
        reason: "complained" as const,
        detail: (at: string) => ({ complaint: { timestamp: at, complaintFeedbackType: "abuse" } }),
      },
      {
        name: "a hard bounce of crm:43's email suppresses crm:43 and leaves crm_43 alone",
        colon: "crm:43",
        underscore: "crm_43",
        sendOrder: ["crm_43", "crm:43"],
        eventType: "Bounce",
        reason: "bounced" as const,
        detail: (at: string) => ({
          bounce: { bounceType: "Permanent", bounceSubType: "General", timestamp: at },
        }),
      },
    ]),
  )("%s", async (_name, example) => {
    const sent = new Map<string, Sent>();
    for (const id of example.sendOrder) sent.set(id, await sendWelcome(id));
    const colon = sent.get(example.colon)!;
    t.later();
    await receive(sesEvent(colon, example.eventType, example.detail(t.clock.now().toISOString())));
    await exitedAs(colon, example.reason);
    expect(t.control.failures.find((f) => f.token === colon.token)?.error).toBe(ErrorNames.InterruptExit);
    await untouched(sent.get(example.underscore)!);
  });

  it.each([
    ["acct.7", "acct.7"],
    ["lead@crm.example", "lead@crm.example"],
    ["x_y", "x_y"],
    ["x-y", "x-y"],
    ["x__y", "x__y"],
    ["_d", "_d"],
    ["u:1.2@3_4-5", "u:1.2@3_4-5"],
    // The longest ids the API accepts, one of them of the character that takes most room in a tag.
    ["128 colons", ":".repeat(128)],
    ["crm:x.x.… (128 characters)", "crm:".padEnd(128, "x.")],
  ])(
    "an open of the email to %s is recorded on that contact, with its enrollment and step",
    async (_, id) => {
      const sent = await sendWelcome(id);
      t.later();
      await receive(sesEvent(sent, "Open", { open: { timestamp: t.clock.now().toISOString() } }));
      const opens = (await t.deps.store.listEvents(id)).filter((e) => e.name === "email.open");
      expect(opens).toEqual([
        expect.objectContaining({
          contactId: id,
          enrollmentId: "trial-nurture.1",
          workflowId: "trial-nurture",
          stepId: "welcome",
          messageId: sent.messageId,
        }),
      ]);
    },
  );

  it("an id longer than its tag can carry (made before the API's rule) is found through the send ledger", async () => {
    const id = "legacy:".repeat(40);
    const sent = await sendWelcome(id);
    expect(Object.values(sent.tags).every(([v]) => v!.length <= 256)).toBe(true);
    expect(sent.tags.contact).toBeUndefined();
    t.later();
    await receive(sesEvent(sent, "Complaint", { complaint: { timestamp: t.clock.now().toISOString() } }));
    await exitedAs(sent, "complained");
  });

  it("ignores SES Click events: Handoff counts clicks on its own /r/ links, once", async () => {
    const sent = await sendWelcome("clicker-1");
    t.later();
    await receive(
      sesEvent(sent, "Click", {
        click: { timestamp: t.clock.now().toISOString(), link: "https://example.com/", linkTags: {} },
      }),
    );
    const events = await t.deps.store.listEvents("clicker-1");
    expect(events.filter((e) => e.name === "email.click")).toEqual([]);
  });
});
