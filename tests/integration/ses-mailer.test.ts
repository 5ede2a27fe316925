import "../helpers/quiet-sdk";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PermanentSendError } from "../../src/adapters/aws/errors";
import { SesMailer } from "../../src/adapters/aws/ses-mailer";
import { SendingPausedError, TransientError, wasNotSent } from "../../src/core/errors";
import type { OutboundEmail } from "../../src/core/ports";
import { type LocalSes, startLocalSes } from "../helpers/local-ses";

const UNSUBSCRIBE = "<https://example.com/u/abc123>, <mailto:unsubscribe@example.com?subject=abc123>";

function email(overrides: Partial<OutboundEmail> = {}): OutboundEmail {
  return {
    from: "Handoff <hello@example.com>",
    to: "ada@example.com",
    replyTo: "owner@example.com",
    subject: "Welcome aboard",
    html: "<p>Hello <b>Ada</b></p>",
    text: "Hello Ada",
    headers: { "List-Unsubscribe": UNSUBSCRIBE, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    tags: { workflow: "trial-nurture", step: "welcome" },
    ...overrides,
  };
}

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
    const { messageId } = await mailer.send(email());
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
      email({
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
    await mailer.send(email({ replyTo: undefined }));
    const [mail] = await ses.store();
    expect(mail!.replyTo).toEqual([]);
  });
});

// ---- A recording stand-in that answers like SES v2 (REST-JSON) for what the local server cannot do:
// show the request as sent (it does not keep EmailTags or the configuration set) and fail on demand.

interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

interface SesStub {
  endpoint: string;
  requests: Recorded[];
  answer: { status: number; errorType?: string; body: Record<string, unknown> };
  close(): Promise<void>;
}

async function startSesStub(): Promise<SesStub> {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: JSON.parse(text || "{}"),
      });
      const { status, errorType, body } = stub.answer;
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (errorType) headers["x-amzn-errortype"] = errorType;
      res.writeHead(status, headers).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stub: SesStub = {
    endpoint,
    requests,
    answer: { status: 200, body: { MessageId: "stub-1" } },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
  return stub;
}

function stubClient(endpoint: string): SESv2Client {
  return new SESv2Client({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
}

describe("SesMailer request and error mapping (local SES v2 REST-JSON stub)", () => {
  let stub: SesStub;
  let client: SESv2Client;
  let mailer: SesMailer;

  beforeAll(async () => {
    stub = await startSesStub();
    client = stubClient(stub.endpoint);
    mailer = new SesMailer({
      client,
      configurationSet: "handoff-events",
      feedbackAddress: "bounces@example.com",
    });
  });
  afterEach(() => {
    stub.requests.length = 0;
    stub.answer = { status: 200, body: { MessageId: "stub-1" } };
  });
  afterAll(async () => {
    client.destroy();
    await stub.close();
  });

  it("sends configuration set, feedback address and reversibly escaped EmailTags", async () => {
    const long = "x".repeat(300);
    const result = await mailer.send(
      email({
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
    const err = await mailer.send(email()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).name).toBe("Handoff.Transient");
    expect((err as Error).message).toContain(errorType);
    // A 4xx is SES refusing: certainly not sent, so the claim may be released; a 5xx may hide a send.
    expect(wasNotSent(err)).toBe(status < 500);
  });

  it("maps SendingPausedException (400) to SendingPausedError, marked not sent", async () => {
    stub.answer = { status: 400, errorType: "SendingPausedException", body: { message: "paused" } };
    const err = await mailer.send(email()).catch((e: unknown) => e);
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
    const err = await mailer.send(email()).catch((e: unknown) => e);
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
    const err = await mailer.send(email()).catch((e: unknown) => e);
    expect((err as PermanentSendError).code).toBe("NotFoundException");
  });

  it("rethrows an error it does not classify as it came", async () => {
    stub.answer = { status: 403, errorType: "AccessDeniedException", body: { message: "not allowed" } };
    const err = await mailer.send(email()).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(TransientError);
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect((err as Error).name).toBe("AccessDeniedException");
  });

  it("maps a refused connection to TransientError", async () => {
    const dead = await startSesStub();
    await dead.close();
    const deadClient = stubClient(dead.endpoint);
    try {
      const err = await new SesMailer({ client: deadClient, configurationSet: "x" })
        .send(email())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientError);
      expect(wasNotSent(err)).toBe(false);
    } finally {
      deadClient.destroy();
    }
  });
});
