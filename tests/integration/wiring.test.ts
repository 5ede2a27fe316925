import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { upsertContact } from "../../src/core/engine/enroll-contact";
import { unsubscribeUrl } from "../../src/core/engine/links";
import { sesEventTags } from "../../src/runtime/ses-event-tags";
import { givenEnrolled } from "../helpers/given";
import { localAwsForTests, setLocalLambdaEnv } from "../helpers/lambda-env";
import { anOutboundEmail } from "../helpers/outbound-email";
import { viaEventBridge, welcomeTags } from "../helpers/ses-event-tags";
import { payloadBase, WELCOME_NOW, welcomePayload } from "../helpers/step-payloads";

// functions/wiring.ts in a function bound only some of the secrets, as the stacks bind them: the
// real entry points and SDK clients on the local servers (Step Functions: local protocol stub).

const TOKEN_KEYS = JSON.stringify({ current: "k1", keys: { k1: "wiring-test-secret-0123456789" } });
const SECRETS = [
  "HANDOFF_TOKEN_KEYS",
  "HANDOFF_SLACK_WEBHOOKS",
  "HANDOFF_API_KEYS",
  "HANDOFF_SIGNING_SECRETS",
];

const aws = localAwsForTests("handoff-wiring");
beforeAll(async () => {
  await setLocalLambdaEnv({
    table: "handoff-wiring",
    endpoints: aws.endpoints,
    // Set by the Api stack for erasure (no queue here: nothing is erased in these tests).
    extra: { HANDOFF_DEAD_LETTER_QUEUES: "{}" },
  });
});

/** A cold start of a function bound exactly `secrets`. */
async function coldStart(secrets: Record<string, string>) {
  for (const name of SECRETS) delete process.env[name];
  Object.assign(process.env, secrets);
  vi.resetModules();
  const [api, step, sesEvents, executionEvents, wiring] = await Promise.all([
    import("../../functions/api"),
    import("../../functions/step"),
    import("../../functions/ses-events"),
    import("../../functions/execution-events"),
    import("../../functions/wiring"),
  ]);
  return { api, step, sesEvents, executionEvents, wiring };
}

function httpEvent(method: string, path: string, body = "") {
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    requestContext: { http: { method, path } },
    isBase64Encoded: false,
    body,
  } as unknown as Parameters<typeof import("../../functions/api").handler>[0];
}

describe("wiring with only the secrets a function is bound (Step Functions: local protocol stub)", () => {
  it("without a Slack secret the API still serves unsubscribe links: the page, then the one-click POST", async () => {
    const { api, wiring } = await coldStart({
      HANDOFF_TOKEN_KEYS: TOKEN_KEYS,
      HANDOFF_API_KEYS: JSON.stringify(["wiring-api-key-0000"]),
      HANDOFF_SIGNING_SECRETS: "[]",
    });
    const deps = wiring.wire();
    await upsertContact(deps, { id: "w-1", email: "w-1@example.com", timezone: "UTC" });
    const path = new URL(unsubscribeUrl(deps, { contactId: "w-1", enrollmentId: "e-1", stepId: "s-1" }))
      .pathname;
    expect((await api.handler(httpEvent("GET", path))).statusCode).toBe(200);
    const post = await api.handler(httpEvent("POST", path, "List-Unsubscribe=One-Click"));
    expect(post.statusCode).toBe(200);
    expect((await deps.store.getContact("w-1"))?.suppressed).toBe("unsubscribed");
  });

  it("HANDOFF_LINKS_BASE_URL must be https, like settings.links.baseUrl", async () => {
    const { wiring } = await coldStart({ HANDOFF_LINKS_BASE_URL: "http://links.staging.acme.example" });
    expect(() => wiring.wire()).toThrow(/HANDOFF_LINKS_BASE_URL .*https/);
    delete process.env.HANDOFF_LINKS_BASE_URL;
  });

  it("a stage's HANDOFF_LINKS_BASE_URL (its linksBaseUrl) is where its emails link to", async () => {
    const { wiring } = await coldStart({
      HANDOFF_TOKEN_KEYS: TOKEN_KEYS,
      HANDOFF_LINKS_BASE_URL: "https://links.staging.acme.example",
    });
    const link = unsubscribeUrl(wiring.wire(), { contactId: "w-9", enrollmentId: "e-9", stepId: "s-9" });
    expect(link).toMatch(/^https:\/\/links\.staging\.acme\.example\/u\//);
    delete process.env.HANDOFF_LINKS_BASE_URL;
  });

  it("a malformed catalog.json fails the cold start, naming the file, the place in it and what is wrong", async () => {
    const bundled = process.env.HANDOFF_CATALOG!;
    const dir = mkdtempSync(join(tmpdir(), "handoff-bad-catalog-"));
    try {
      const file = JSON.parse(readFileSync(bundled, "utf8"));
      file.workflows[0].workflow.steps = [];
      const bad = join(dir, "catalog.json");
      writeFileSync(bad, JSON.stringify(file));
      const { wiring } = await coldStart({ HANDOFF_CATALOG: bad });
      expect(() => wiring.wire()).toThrow(
        expect.objectContaining({
          name: "InvalidCatalogError",
          message: expect.stringMatching(/catalog\.json is not a catalog: workflows\.0\.workflow\.steps: /),
        }),
      );
      const missing = await coldStart({ HANDOFF_CATALOG: join(dir, "missing.json") });
      expect(() => missing.wiring.wire()).toThrow(
        /missing\.json cannot be read .*stacks\/catalog-bundle\.ts/,
      );
    } finally {
      process.env.HANDOFF_CATALOG = bundled;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ["unset", {}],
    ["set to {} (a stage without Slack)", { HANDOFF_SLACK_WEBHOOKS: "{}" }],
  ])("with the Slack secret %s a handoff still hands off; the post is skipped", async (what, slack) => {
    const { step, wiring } = await coldStart(slack);
    const deps = wiring.wire();
    const id = `w-2-${what.length}`;
    const e = await givenEnrolled(deps, id, "trial-nurture", { timezone: "UTC" });
    const result = await step.handoff({
      ...payloadBase(id, e.id),
      handoff: { to: "sdr-follow-up", notify: { slack: "sales-handoffs" } },
    });
    expect(result).toMatchObject({ status: "enrolled" });
    expect((await deps.store.getEnrollment(id, e.id))?.status).toBe("handed-off");
  });

  it("functions that neither sign nor verify links run without the signing keys; one that signs says what is missing", async () => {
    const { step, sesEvents, executionEvents, wiring } = await coldStart({ HANDOFF_SLACK_WEBHOOKS: "{}" });
    const deps = wiring.wire();
    const e = await givenEnrolled(deps, "w-3", "trial-nurture", { firstName: "Ana", timezone: "UTC" });
    await expect(step.sendEmail(welcomePayload("w-3", e.id, WELCOME_NOW))).rejects.toThrow(
      /HANDOFF_TOKEN_KEYS/,
    );
    const open = viaEventBridge("Email Opened", {
      eventType: "Open",
      mail: {
        timestamp: new Date().toISOString(),
        messageId: "m-w-3",
        // As SES gives the tags back: escaped by the mailer, with its own beside them.
        tags: sesEventTags(welcomeTags("w-3", e.id)),
      },
      open: { timestamp: new Date().toISOString() },
    });
    expect(await sesEvents.handler(open)).toEqual({ event: "email.open", duplicate: false });
    const failed = {
      detail: {
        executionArn: "arn:aws:states:us-east-1:000000000000:execution:trial-nurture:w-3",
        name: "w-3",
        status: "FAILED",
        input: JSON.stringify({ enrollmentId: e.id, contactId: "w-3" }),
        error: "Handoff.SendingPaused",
        cause: "paused",
      },
    };
    expect(await executionEvents.handler(failed)).toMatchObject({ recorded: true });
  });

  it("only the send step is wired with SES: another function's wiring refuses to send, naming it", async () => {
    const { wiring } = await coldStart({ HANDOFF_SLACK_WEBHOOKS: "{}" });
    await expect(wiring.wire().mailer.send(anOutboundEmail())).rejects.toThrow(
      "this function is wired without a mailer: only the send step sends email (functions/step.ts)",
    );
  });
});
