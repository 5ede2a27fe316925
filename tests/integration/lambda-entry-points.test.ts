import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DynamoDbContactStore } from "../../src/adapters/aws/dynamodb-store";
import { UNCERTAIN_SENDS_CHECK } from "../../src/core/engine/uncertain-sends";
import { localAwsForTests, setLocalLambdaEnv } from "../helpers/lambda-env";
import { type LocalSqs, startLocalSqs } from "../helpers/local-aws-storage";
import { tagsAsSesReturnsThem, viaEventBridge, welcomeTags } from "../helpers/ses-event-tags";
import { welcomePayload } from "../helpers/step-payloads";
import { type LocalServer, listenLocally } from "../helpers/stub-server";

// The real Lambda entry points of functions/, with the real SDK clients they create, pointed at the
// local servers by the SDK's own AWS_ENDPOINT_URL_<SERVICE> variables: the same code that runs on
// AWS. Step Functions is the local protocol stub (no Step Functions server can run here).

const aws = localAwsForTests("handoff-entry");
let sqs: LocalSqs;
/** A Slack incoming webhook: what it was posted. */
let slack: LocalServer & { url: string; posts: string[] };
let api: typeof import("../../functions/api");
let step: typeof import("../../functions/step");
let sesEvents: typeof import("../../functions/ses-events");
let executionEvents: typeof import("../../functions/execution-events");
const KEY = "entry-point-key-0123456789";

function httpEvent(
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json", ...headers },
    requestContext: { http: { method, path } } as APIGatewayProxyEventV2["requestContext"],
    isBase64Encoded: false,
    ...(body !== undefined ? { body } : {}),
  };
}

beforeAll(async () => {
  const posts: string[] = [];
  const webhook = listenLocally((_req, body, res) => {
    posts.push(body);
    res.writeHead(200).end("ok");
  });
  const [server, queues] = await Promise.all([webhook, startLocalSqs()]);
  sqs = queues;
  slack = { ...server, url: `${server.endpoint}/hook`, posts };
  await setLocalLambdaEnv({
    table: "handoff-entry",
    endpoints: { ...aws.endpoints, SQS: sqs.endpoint },
    extra: {
      HANDOFF_DEAD_LETTER_QUEUES: JSON.stringify({ "ses-events": sqs.url("ses-events-dlq") }),
      HANDOFF_SLACK_WEBHOOKS: JSON.stringify({ "sales-handoffs": slack.url }),
      HANDOFF_TOKEN_KEYS: JSON.stringify({ current: "k1", keys: { k1: "entry-point-secret-0123456789" } }),
      HANDOFF_API_KEYS: JSON.stringify([{ name: "ops", key: KEY, scope: "admin" }]),
      HANDOFF_SIGNING_SECRETS: JSON.stringify([]),
      HANDOFF_LINKS_BASE_URL: "https://links.staging.acme.example",
    },
  });
  [api, step, sesEvents, executionEvents] = await Promise.all([
    import("../../functions/api"),
    import("../../functions/step"),
    import("../../functions/ses-events"),
    import("../../functions/execution-events"),
  ]);
});

afterAll(async () => {
  await Promise.all([slack.close(), sqs.close()]);
});

describe("Lambda entry points with real SDK clients on the local servers (Step Functions: local protocol stub)", () => {
  it("POST /enroll through the API function starts the campaign's execution", async () => {
    const body = JSON.stringify({
      workflow: "trial-nurture",
      contact: { id: "ep-1", email: "ep-1@example.com", firstName: "Ana", timezone: "America/New_York" },
    });
    // The function's clock is the system's: enrolled at night, the start would be scheduled for the
    // welcome's window (tests/integration/engine/scheduled-start.test.ts). A Tuesday, 10:00 in New York.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-03-03T15:00:00Z") });
    const response = await api
      .handler(httpEvent("POST", "/enroll", body, { "x-api-key": KEY }))
      .finally(() => vi.useRealTimers());
    expect(response.statusCode).toBe(201);
    const start = aws.sfn.requests.find((r) => r.target === "AWSStepFunctions.StartExecution");
    expect(start?.body.stateMachineArn).toContain("stateMachine:trial-nurture");
    expect(JSON.parse(String(start?.body.input))).toEqual({
      enrollmentId: "trial-nurture.1",
      contactId: "ep-1",
    });
  });

  it("the sendEmail function sends through SES v2 to the local mailbox", async () => {
    const result = await step.sendEmail(
      welcomePayload("ep-1", "trial-nurture.1", {
        subject: "Welcome, {{ contact.firstName }}",
        sendWindow: null,
      }),
    );
    expect(result).toMatchObject({ status: "sent" });
    const mail = (await aws.ses.store()).find((m) => m.destination.to.includes("ep-1@example.com"));
    expect(mail?.subject).toBe("Welcome, Ana");
    // The stage's own links domain, not production's.
    expect(mail?.headers?.find((h) => h.name === "List-Unsubscribe")?.value).toMatch(
      /^<https:\/\/links\.staging\.acme\.example\/u\//,
    );
  });

  it("the SES events function stores an EventBridge open event once", async () => {
    const tags = tagsAsSesReturnsThem(welcomeTags("ep-1", "trial-nurture.1"));
    const event = viaEventBridge("Email Opened", {
      eventType: "Open",
      mail: { timestamp: "2026-03-03T15:00:00.000Z", messageId: "m-ep-1", tags },
      open: { timestamp: "2026-03-03T15:10:00.000Z" },
    });
    expect(await sesEvents.handler(event)).toEqual({ event: "email.open", duplicate: false });
    expect(await sesEvents.handler(event)).toEqual({ event: "email.open", duplicate: true });
    await expect(sesEvents.handler({ detail: { nonsense: true } })).rejects.toThrow();
  });

  it("the SES events function's schedule counts sends uncertain past the grace period, as an EMF metric", async () => {
    const store = new DynamoDbContactStore({ client: aws.dynamo.doc, tableName: "handoff-entry" });
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    for (const [contactId, minutes] of [
      ["ep-stale", 60],
      ["ep-fresh", 1],
    ] as const) {
      const key = { contactId, enrollmentId: "trial-nurture.1", stepId: "welcome" };
      await store.claimSend({
        ...key,
        workflowId: "trial-nurture",
        status: "claimed",
        claimedAt: ago(minutes),
      });
      const patch = { status: "uncertain" as const, uncertainAt: ago(minutes), reason: "TimeoutError" };
      await store.updateSend(key.contactId, key.enrollmentId, key.stepId, patch, ["claimed"]);
    }
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      expect(await sesEvents.handler(UNCERTAIN_SENDS_CHECK)).toEqual({ staleUncertainSends: 1 });
    } finally {
      process.stdout.write = write;
    }
    const emf = lines.map((l) => JSON.parse(l)).find((l) => l._aws);
    expect(emf).toMatchObject({
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "Handoff",
            Dimensions: [["ConfigurationSet"]],
            Metrics: [{ Name: "StaleUncertainSends", Unit: "Count" }],
          },
        ],
      },
      ConfigurationSet: "handoff",
      StaleUncertainSends: 1,
    });
  });

  it("the execution-events function ends the enrollment of a failed execution as failed, and the API lists it", async () => {
    const failed = {
      source: "aws.states",
      "detail-type": "Step Functions Execution Status Change",
      detail: {
        executionArn: "arn:aws:states:us-east-1:000000000000:execution:trial-nurture:x",
        name: "x",
        status: "FAILED",
        input: JSON.stringify({ enrollmentId: "trial-nurture.1", contactId: "ep-1" }),
        error: "Handoff.SendingPaused",
        cause: "SES SendEmail failed: SendingPausedException",
      },
    };
    expect(await executionEvents.handler(failed)).toEqual({
      enrollmentId: "trial-nurture.1",
      recorded: true,
    });
    expect(await executionEvents.handler(failed)).toEqual({
      enrollmentId: "trial-nurture.1",
      recorded: false,
    });
    await expect(executionEvents.handler({ detail: { status: "FAILED", input: "{}" } })).rejects.toThrow();
    const response = await api.handler(httpEvent("GET", "/enrollments/failed", "", { "x-api-key": KEY }));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(String(response.body)).failed).toEqual([
      expect.objectContaining({
        contactId: "ep-1",
        enrollmentId: "trial-nurture.1",
        reason: "Handoff.SendingPaused: SES SendEmail failed: SendingPausedException",
      }),
    ]);
    const redrive = await api.handler(
      httpEvent(
        "POST",
        "/enrollments/redrive",
        JSON.stringify({ contactId: "ep-1", enrollmentId: "trial-nurture.1" }),
        {
          "x-api-key": KEY,
          "content-type": "application/json",
        },
      ),
    );
    expect(redrive.statusCode).toBe(200);
    expect(aws.sfn.requests.at(-1)?.target).toBe("AWSStepFunctions.RedriveExecution");
  });

  it("the API function answers an unauthenticated request with 401", async () => {
    const response = await api.handler(httpEvent("POST", "/events", "{}"));
    expect(response.statusCode).toBe(401);
  });

  it("DELETE /contacts/{id} through the API function erases the contact and its dead letters (SQS: local protocol server)", async () => {
    sqs.send("ses-events-dlq", '{"detail":{"mail":{"destination":["ep-1@example.com"]}}}');
    sqs.send("ses-events-dlq", '{"detail":{"mail":{"destination":["someone@example.com"]}}}');
    const exported = await api.handler(
      httpEvent("GET", "/contacts/ep-1/export", undefined, { "x-api-key": KEY }),
    );
    expect(exported.statusCode).toBe(200);
    expect(JSON.parse(String(exported.body)).records.contact.email).toBe("ep-1@example.com");
    const erased = await api.handler(httpEvent("DELETE", "/contacts/ep-1", undefined, { "x-api-key": KEY }));
    expect(erased.statusCode, String(erased.body)).toBe(200);
    expect(JSON.parse(String(erased.body)).deadLetters).toEqual([
      { queue: "ses-events", scanned: 2, complete: true, deleted: 1 },
    ]);
    expect(sqs.bodies("ses-events-dlq")).toEqual([
      '{"detail":{"mail":{"destination":["someone@example.com"]}}}',
    ]);
    const again = await api.handler(
      httpEvent("GET", "/contacts/ep-1/export", undefined, { "x-api-key": KEY }),
    );
    expect(again.statusCode).toBe(404);
  });
});
