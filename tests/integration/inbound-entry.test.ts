import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorNames } from "../../src/core/errors";
import { givenEnrolled } from "../helpers/given";
import { localAwsForTests, setLocalLambdaEnv } from "../helpers/lambda-env";
import { type S3Stub, startS3Stub } from "../helpers/s3-stub";
import { type DeliveryOptions, inboundFixture, sesDelivery } from "../helpers/ses-inbound";
import { introPayload, payloadBase, twoDayWait } from "../helpers/step-payloads";

// functions/inbound.ts as SES invokes it: raw messages (tests/fixtures/inbound) stored as the S3
// action stores them, the Lambda action's event, the real signed S3 calls (src/adapters/aws/s3-raw-mail.ts). No S3 or Step Functions server
// can run here: both are local stubs of the calls Handoff makes (GetObject; the task callbacks).

const BUCKET = "handoff-inbound";
const PREFIX = "inbound/";
const REPLY_DOMAIN = "reply.mail.acme.example";

const aws = localAwsForTests("handoff-inbound");
let s3: S3Stub;
let inbound: typeof import("../../functions/inbound");
let step: typeof import("../../functions/step");
let wiring: typeof import("../../functions/wiring");

beforeAll(async () => {
  s3 = await startS3Stub();
  await setLocalLambdaEnv({
    table: "handoff-inbound",
    endpoints: { ...aws.endpoints, S3: s3.endpoint },
    extra: {
      HANDOFF_SLACK_WEBHOOKS: "{}",
      HANDOFF_TOKEN_KEYS: JSON.stringify({
        current: "k1",
        keys: { k1: "inbound-entry-secret-0123456789" },
      }),
      HANDOFF_REPLY_DOMAIN: REPLY_DOMAIN,
      HANDOFF_INBOUND_BUCKET: BUCKET,
      HANDOFF_INBOUND_PREFIX: PREFIX,
    },
  });
  [inbound, step, wiring] = await Promise.all([
    import("../../functions/inbound"),
    import("../../functions/step"),
    import("../../functions/wiring"),
  ]);
});

afterAll(async () => s3.close());

/** A contact sent the sequence's first email, now waiting: returns the reply address it carries. */
async function waitingAfterIntro(
  id: string,
): Promise<{ replyAddress: string; contact: string; token: string }> {
  const deps = wiring.wire();
  const contact = `${id}@globex.example`;
  const owned = { email: contact, firstName: "Ana", owner: "rep-ana", timezone: "UTC" };
  const enrollment = await givenEnrolled(deps, id, "sdr-follow-up", owned);
  await step.sendEmail(introPayload(id, enrollment.id));
  const token = `tok-${id}`;
  await step.pause(twoDayWait(payloadBase(id, enrollment.id, "sdr-follow-up"), token));
  const mail = (await aws.ses.store()).find((m) => m.destination.to.includes(contact))!;
  return { replyAddress: mail.replyTo[0]!, contact, token };
}

type Options = Omit<DeliveryOptions, "recipient" | "at">;

/** Stores the message as the S3 action would and invokes the function as the Lambda action would. */
async function deliver(message: string, recipient: string, options: Options) {
  const delivery = sesDelivery(message, { ...options, recipient, at: new Date().toISOString() });
  s3.objects.set(`${BUCKET}/${PREFIX}${options.messageId}`, Buffer.from(delivery.raw, "utf8"));
  const { outcomes } = (await inbound.handler(delivery.event)) as {
    outcomes: Array<Record<string, unknown>>;
  };
  return outcomes[0]!;
}

const stopped = (token: string) =>
  aws.sfn.requests.some(
    (r) =>
      r.target === "AWSStepFunctions.SendTaskFailure" &&
      r.body.taskToken === token &&
      r.body.error === ErrorNames.InterruptStop,
  );

async function replyEvents(contactId: string) {
  const events = await wiring.wire().store.listEvents(contactId);
  return events.filter((e) => e.name === "email.reply" || e.name === "email.autoreply").map((e) => e.name);
}

describe("inbound mail through functions/inbound.ts (S3 and Step Functions: local stubs)", () => {
  it("an Outlook reply carrying X-Auto-Response-Suppress is a reply: it stops the sequence", async () => {
    const { replyAddress, contact, token } = await waitingAfterIntro("in-outlook");
    const raw = inboundFixture("outlook-reply.eml", {
      REPLY_ADDRESS: replyAddress,
      CONTACT_ADDRESS: contact,
    });
    const outcome = await deliver(raw, replyAddress, { messageId: "ses-outlook", envelopeFrom: contact });
    expect(outcome).toEqual({ status: "reply", contactId: "in-outlook" });
    expect(stopped(token)).toBe(true);
  });

  it.each([
    [
      "a multipart/report delivery-status notice from MAILER-DAEMON (null sender)",
      "dsn-multipart-report.eml",
      "",
    ],
    ["a postmaster notice with a sender", "postmaster-notice.eml", "postmaster@globex.example"],
  ])("%s is not a reply: nothing is recorded, the sequence goes on", async (_what, fixture, envelopeFrom) => {
    const id = `in-dsn-${fixture.slice(0, 8)}`;
    const { replyAddress, contact, token } = await waitingAfterIntro(id);
    const raw = inboundFixture(fixture, { REPLY_ADDRESS: replyAddress, CONTACT_ADDRESS: contact });
    const outcome = await deliver(raw, replyAddress, { messageId: `ses-${id}`, envelopeFrom });
    expect(outcome).toMatchObject({ status: "not-a-reply", reason: expect.stringMatching(/delivery/) });
    expect(await replyEvents(id)).toEqual([]);
    expect(stopped(token)).toBe(false);
  });

  it.each([
    ["spam", "FAIL", "refused"],
    ["virus", "FAIL", "refused"],
    ["virus", "GRAY", "refused"],
    ["virus", "PROCESSING_FAILED", "refused"],
    ["dmarc", "FAIL", "refused"],
    ["spam", "GRAY", "reply"],
    ["spam", "PROCESSING_FAILED", "reply"],
    ["dmarc", "GRAY", "reply"],
    ["dmarc", "PROCESSING_FAILED", "reply"],
  ] as const)("SES %s verdict %s: %s", async (verdict, status, expected) => {
    const id = `in-${verdict}-${status.toLowerCase()}`;
    const { replyAddress, contact, token } = await waitingAfterIntro(id);
    const raw = inboundFixture("outlook-reply.eml", {
      REPLY_ADDRESS: replyAddress,
      CONTACT_ADDRESS: contact,
    });
    const outcome = await deliver(raw, replyAddress, {
      messageId: `ses-${id}`,
      envelopeFrom: contact,
      [verdict]: status,
    });
    if (expected === "refused") {
      expect(outcome).toEqual({ status: "refused", reason: `${verdict} verdict ${status}` });
      expect(await replyEvents(id)).toEqual([]);
      expect(stopped(token)).toBe(false);
    } else {
      expect(outcome).toEqual({ status: "reply", contactId: id });
      expect(stopped(token)).toBe(true);
    }
  });

  it("a forged or unknown reply address reads nothing of the stored message", async () => {
    const { contact } = await waitingAfterIntro("in-forged");
    const filler = Array.from({ length: 400 }, (_, i) => `X-Filler-${i}: ${"f".repeat(40)}`).join("\r\n");
    for (const address of [
      `reply+1k1abcdefgh0000000c000000000000000@${REPLY_DOMAIN}`,
      `sales@${REPLY_DOMAIN}`,
    ]) {
      const raw = `${filler}\r\n${inboundFixture("outlook-reply.eml", { REPLY_ADDRESS: address, CONTACT_ADDRESS: contact })}`;
      const before = s3.reads.length;
      const outcome = await deliver(raw, address, {
        messageId: `ses-forged-${before}`,
        envelopeFrom: contact,
      });
      expect(outcome.status).toBe("unmatched");
      expect(s3.reads.slice(before)).toEqual([]);
    }
  });

  it("headers SES left out of the event are read from at most the first 64 KiB of the stored message", async () => {
    const { replyAddress, contact, token } = await waitingAfterIntro("in-truncated");
    const filler = Array.from({ length: 400 }, (_, i) => `X-Filler-${i}: ${"f".repeat(40)}`).join("\r\n");
    const reply = inboundFixture("outlook-reply.eml", {
      REPLY_ADDRESS: replyAddress,
      CONTACT_ADDRESS: contact,
    });
    const attachment = "A".repeat(2 * 1024 * 1024);
    const raw = `${filler}\r\nAuto-Submitted: auto-replied\r\n${reply}\r\n${attachment}\r\n`;
    const before = s3.reads.length;
    const outcome = await deliver(raw, replyAddress, { messageId: "ses-truncated", envelopeFrom: contact });
    expect(outcome).toEqual({ status: "auto-reply", contactId: "in-truncated" });
    const reads = s3.reads.slice(before);
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ key: `${PREFIX}ses-truncated`, range: "bytes=0-65535" });
    expect(reads[0]!.bytesSent).toBeLessThanOrEqual(64 * 1024);
    expect(stopped(token)).toBe(false);
  });
});
