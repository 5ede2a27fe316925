import "../helpers/quiet-sdk";
import type { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PermanentSendError } from "../../src/adapters/aws/errors";
import { createSesClient } from "../../src/adapters/aws/ses-client";
import { SesMailer } from "../../src/adapters/aws/ses-mailer";
import { SendingPausedError, TransientError, wasNotSent } from "../../src/core/errors";
import { type LocalSes, startLocalSes } from "../helpers/local-ses";
import { anOutboundEmail, UNSUBSCRIBE } from "../helpers/outbound-email";
import { startSesStub } from "../helpers/ses-stub";
import { localClientConfig, stubForTests } from "../helpers/stub-server";

function headerMap(headers: Array<{ name: string; value: string }> | undefined): Record<string, string> {
  return Object.fromEntries((headers ?? []).map((h) => [h.name, h.value]));
}

describe("SesMailer against aws-ses-v2-local", () => {
  let ses: LocalSes;
  let mailer: SesMailer;

  beforeAll(async () => {
    ses = await startLocalSes();
    mailer = new SesMailer({ client: ses.client, configurationSet: "handoff-events" });
  });
  afterEach(async () => ses.clear());
  afterAll(async () => ses.close());

  it("delivers subject, both bodies, destination, reply-to and the List-Unsubscribe headers", async () => {
    const { messageId } = await mailer.send(anOutboundEmail());
    const stored = await ses.store();
    expect(stored).toHaveLength(1);
    const [mail] = stored;
    expect(mail!.messageId).toBe(messageId);
    expect(mail!.from).toBe("Handoff <hello@example.com>");
    expect(mail!.destination).toEqual({ to: ["ada@example.com"], cc: [], bcc: [] });
    expect(mail!.replyTo).toEqual(["owner@example.com"]);
    expect(mail!.subject).toBe("Welcome aboard");
    expect(mail!.body).toEqual({ html: "<p>Hello <b>Ada</b></p>", text: "Hello Ada" });
    expect(headerMap(mail!.headers)).toEqual({
      "List-Unsubscribe": UNSUBSCRIBE,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
  });

  it("strips CR/LF from the subject, header values and addresses (no header injection)", async () => {
    await mailer.send(
      anOutboundEmail({
        subject: "Hi\r\nBcc: victim@example.com",
        to: "ada@example.com\r\n",
        replyTo: "owner@example.com\nCc: x@example.com",
        headers: { "List-Unsubscribe": "<https://example.com/u/1>\r\nX-Injected: yes" },
      }),
    );
    const [mail] = await ses.store();
    expect(mail!.subject).toBe("Hi Bcc: victim@example.com");
    expect(mail!.destination.to).toEqual(["ada@example.com"]);
    expect(mail!.replyTo).toEqual(["owner@example.comCc: x@example.com"]);
    expect(mail!.headers).toEqual([
      { name: "List-Unsubscribe", value: "<https://example.com/u/1> X-Injected: yes" },
    ]);
    for (const h of mail!.headers ?? []) expect(h.value).not.toMatch(/[\r\n]/);
    expect(mail!.subject).not.toMatch(/[\r\n]/);
  });

  it("leaves out Reply-To when there is none", async () => {
    await mailer.send(anOutboundEmail({ replyTo: undefined }));
    const [mail] = await ses.store();
    expect(mail!.replyTo).toEqual([]);
  });
});

function stubClient(endpoint: string): SESv2Client {
  return createSesClient(localClientConfig(endpoint));
}

describe("SesMailer request and error mapping (local SES v2 REST-JSON stub)", () => {
  const stub = stubForTests(startSesStub);
  let client: SESv2Client;
  let mailer: SesMailer;

  beforeAll(() => {
    client = stubClient(stub.endpoint);
    mailer = new SesMailer({
      client,
      configurationSet: "handoff-events",
      feedbackAddress: "bounces@example.com",
    });
  });
  afterAll(() => client.destroy());

  it("sends configuration set, feedback address and reversibly escaped EmailTags", async () => {
    const long = "x".repeat(300);
    const result = await mailer.send(
      anOutboundEmail({
        tags: { workflow: "trial-nurture", "contact id": "ada@example.com", émoji: "a b.c", long, empty: "" },
      }),
    );
    expect(result).toEqual({ messageId: "stub-1", headerMessageId: "<stub-1@email.amazonses.com>" });
    const [req] = stub.requests;
    expect(req!.method).toBe("POST");
    expect(req!.url).toBe("/v2/email/outbound-emails");
    expect(req!.body.ConfigurationSetName).toBe("handoff-events");
    expect(req!.body.FeedbackForwardingEmailAddress).toBe("bounces@example.com");
    // Too long for a tag: left out (the send ledger names the email by message id instead).
    expect(req!.body.EmailTags).toEqual([
      { Name: "handoff-tags", Value: "2" },
      { Name: "workflow", Value: "trial-nurture" },
      { Name: "contact_u0020id", Value: "ada_aexample_dcom" },
      { Name: "_u00e9moji", Value: "a_u0020b_dc" },
    ]);
    const simple = (req!.body.Content as { Simple: { Headers: unknown } }).Simple;
    expect(simple.Headers).toEqual([
      { Name: "List-Unsubscribe", Value: UNSUBSCRIBE },
      { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it.each([
    { status: 429, errorType: "TooManyRequestsException" },
    { status: 400, errorType: "LimitExceededException" },
    { status: 500, errorType: "InternalServiceErrorException" },
    { status: 503, errorType: "ServiceUnavailable" },
  ])("maps $errorType ($status) to TransientError", async ({ status, errorType }) => {
    stub.answer = { status, errorType, body: { message: "Maximum sending rate exceeded." } };
    const err = await mailer.send(anOutboundEmail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).name).toBe("Handoff.Transient");
    expect((err as Error).message).toContain(errorType);
    // A 4xx is SES refusing: certainly not sent, so the claim may be released; a 5xx may hide a send.
    expect(wasNotSent(err)).toBe(status < 500);
  });

  it("maps SendingPausedException (400) to SendingPausedError, marked not sent", async () => {
    stub.answer = { status: 400, errorType: "SendingPausedException", body: { message: "paused" } };
    const err = await mailer.send(anOutboundEmail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SendingPausedError);
    expect((err as Error).name).toBe("Handoff.SendingPaused");
    expect(wasNotSent(err)).toBe(true);
  });

  it.each([
    "AccountSuspendedException",
    "MailFromDomainNotVerifiedException",
    "MessageRejected",
    "BadRequestException",
  ])("maps %s (400) to PermanentSendError", async (errorType) => {
    stub.answer = { status: 400, errorType, body: { message: "no" } };
    const err = await mailer.send(anOutboundEmail()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as PermanentSendError).name).toBe("Handoff.PermanentSendError");
    expect((err as PermanentSendError).code).toBe(errorType);
    expect(wasNotSent(err)).toBe(true);
  });

  it("maps NotFoundException (404) to PermanentSendError", async () => {
    stub.answer = {
      status: 404,
      errorType: "NotFoundException",
      body: { message: "no such configuration set" },
    };
    const err = await mailer.send(anOutboundEmail()).catch((e: unknown) => e);
    expect((err as PermanentSendError).code).toBe("NotFoundException");
  });

  it("rethrows an error it does not classify as it came; a 4xx one marked not sent (SES refused it)", async () => {
    stub.answer = { status: 403, errorType: "AccessDeniedException", body: { message: "not allowed" } };
    const err = await mailer.send(anOutboundEmail()).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(TransientError);
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect((err as Error).name).toBe("AccessDeniedException");
    expect(wasNotSent(err)).toBe(true);
  });

  it("maps a refused connection to TransientError, marked not sent (nothing reached SES)", async () => {
    const dead = await startSesStub();
    await dead.close();
    const deadClient = stubClient(dead.endpoint);
    try {
      const err = await new SesMailer({ client: deadClient, configurationSet: "x" })
        .send(anOutboundEmail())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientError);
      expect(wasNotSent(err)).toBe(true);
    } finally {
      deadClient.destroy();
    }
  });
});
