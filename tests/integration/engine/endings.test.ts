import { SESv2Client } from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import { SesMailer, sesHeaderMessageId } from "../../../src/adapters/aws/ses-mailer";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import { ingestEvent } from "../../../src/core/engine/ingest";
import type { PausePayload } from "../../../src/core/engine/payloads";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import type { EngagementEvent } from "../../../src/core/model";
import { apiRequest } from "../../helpers/api-request";
import { engineForTests, httpOver } from "../../helpers/engine";
import { ANA_AT_GLOBEX, type ContactFields, givenEnrolled } from "../../helpers/given";
import {
  engagedBranch,
  introPayload,
  payloadBase,
  WELCOME_NOW,
  welcomePayload,
} from "../../helpers/step-payloads";
import { localClientConfig } from "../../helpers/stub-server";

const t = engineForTests();

const enrolled = (id: string, workflow = "trial-nurture", contact: ContactFields = {}) =>
  givenEnrolled(t.deps, id, workflow, { ...ANA_AT_GLOBEX, ...contact });

/** A trial-nurture contact paused at `step`, the pause answered through `taskToken`: the enrollment. */
async function pausedAt(id: string, taskToken: string, step: PausePayload["step"]) {
  const e = await enrolled(id);
  await stepHandlers(t.deps).pause({ ...payloadBase(id, e.id), taskToken, step });
  return e;
}

const custom = (contactId: string, name: string, at: string): EngagementEvent => ({
  id: `${contactId}-${name}-${at}`,
  contactId,
  name,
  at,
  properties: {},
});

describe("goal: the contact leaves as converted, mid-wait included", () => {
  it("ends the pause with the convert interrupt and records converted, without a handoff", async () => {
    const e = await pausedAt("g-1", "tok-goal", { id: "wait-1", type: "wait", seconds: 86400 });
    // subscription.started also promotes to customer (exitWhen) and past sql (handoff): the goal wins.
    const result = await ingestEvent(t.deps, custom("g-1", "subscription.started", t.later()));
    expect(result.interrupted).toEqual([{ enrollmentId: e.id, kind: "convert", signal: "delivered" }]);
    expect(t.control.failures.find((f) => f.token === "tok-goal")?.error).toBe(ErrorNames.InterruptConvert);
    const stored = await t.deps.store.getEnrollment("g-1", e.id);
    expect(stored).toMatchObject({ status: "converted", reason: "goal" });
    expect(
      t.control.started.some((s) => s.workflowId === "sdr-follow-up" && s.input.contactId === "g-1"),
    ).toBe(false);
  });

  it("routes the next step to Converted when the goal became true between pauses", async () => {
    const e = await enrolled("g-2");
    await ingestEvent(t.deps, custom("g-2", "subscription.started", t.later()));
    await expect(
      stepHandlers(t.deps).decide({
        ...payloadBase("g-2", e.id),
        step: engagedBranch({ score: { gte: 17 } }),
      }),
    ).rejects.toMatchObject({ name: ErrorNames.InterruptConvert });
  });
});

describe("settle: the pause after the last step", () => {
  it("records a settle pause that a reply cuts short with the handoff", async () => {
    const e = await pausedAt("s-1", "tok-settle", { id: "Settle", type: "settle", seconds: 3 * 86400 });
    expect((await t.deps.store.getEnrollment("s-1", e.id))?.pause).toMatchObject({
      kind: "settle",
      stepId: "Settle",
    });
    await ingestEvent(t.deps, { ...custom("s-1", "email.reply", t.later()), id: "s-1-reply" });
    expect(t.control.failures.find((f) => f.token === "tok-settle")?.error).toBe(ErrorNames.InterruptHandoff);
  });
});

describe("POST /contacts/{id}/stage", () => {
  const KEY = "stage-api-key-0123456789";
  const http = httpOver(t, { auth: { apiKeys: [localAdminKey(KEY, "test")], signingSecrets: [] } });
  const call = (path: string, body: unknown) =>
    route(http, apiRequest("POST", path, { key: KEY, body: JSON.stringify(body) }));

  it("moves the stage and hands a paused trial off at once", async () => {
    await pausedAt("api-1", "tok-api-stage", { id: "wait-2", type: "wait", seconds: 2 * 86400 });
    const response = await call("/contacts/api-1/stage", { stage: "sql", reason: "qualified on a call" });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      contactId: "api-1",
      from: "subscriber",
      stage: "sql",
      changed: true,
    });
    expect(t.control.failures.find((f) => f.token === "tok-api-stage")?.error).toBe(
      ErrorNames.InterruptHandoff,
    );
    const history = await t.deps.store.stageHistory("api-1");
    expect(history.at(-1)).toMatchObject({ to: "sql", by: "api", reason: "qualified on a call" });
  });

  it("answers 422 for a stage scoring.json does not list, 404 for an unknown contact, 400 for a bad body", async () => {
    await enrolled("api-2");
    expect((await call("/contacts/api-2/stage", { stage: "won" })).status).toBe(422);
    expect((await call("/contacts/nobody/stage", { stage: "sql" })).status).toBe(404);
    expect((await call("/contacts/api-2/stage", { stage: "SQL!" })).status).toBe(400);
    expect((await call("/contacts/api-2/stage", {})).status).toBe(400);
  });
});

describe("waitFor: an event that came just before the wait began counts", () => {
  const waitFor = { id: "demo", type: "waitFor" as const, seconds: 86400, event: "demo.requested" };
  const sendWelcome = (contactId: string, enrollmentId: string) =>
    stepHandlers(t.deps).sendEmail(welcomePayload(contactId, enrollmentId, WELCOME_NOW));

  it("ends the wait at once when the event came after the step before it finished", async () => {
    const e = await enrolled("w-1");
    await sendWelcome("w-1", e.id);
    await ingestEvent(t.deps, custom("w-1", "demo.requested", t.later(5)));
    await stepHandlers(t.deps).pause({ ...payloadBase("w-1", e.id), taskToken: "tok-early", step: waitFor });
    expect(t.control.successes.find((s) => s.token === "tok-early")?.output).toMatchObject({
      event: "demo.requested",
    });
  });

  it("does not count the event when it came before the step before the wait", async () => {
    const e = await enrolled("w-2");
    await ingestEvent(t.deps, custom("w-2", "demo.requested", t.later(5)));
    t.later(60);
    await sendWelcome("w-2", e.id);
    await stepHandlers(t.deps).pause({ ...payloadBase("w-2", e.id), taskToken: "tok-old", step: waitFor });
    expect(t.control.successes.some((s) => s.token === "tok-old")).toBe(false);
    expect((await t.deps.store.getEnrollment("w-2", e.id))?.pause?.token).toBe("tok-old");
  });

  it("ends the wait when the event arrives while the pause is being recorded", async () => {
    const e = await enrolled("w-3");
    const store = t.deps.store;
    // The event is stored and its rules run after the handler read the contact, before the pause is written.
    const racing = new Proxy(store, {
      get(target, key, receiver) {
        if (key !== "updateEnrollment") return Reflect.get(target, key, receiver);
        return async (...args: Parameters<typeof store.updateEnrollment>) => {
          await ingestEvent(t.deps, custom("w-3", "demo.requested", t.later(1)));
          return store.updateEnrollment(...args);
        };
      },
    });
    await stepHandlers({ ...t.deps, store: racing }).pause({
      ...payloadBase("w-3", e.id),
      taskToken: "tok-race",
      step: waitFor,
    });
    expect(t.control.successes.find((s) => s.token === "tok-race")).toBeDefined();
    expect((await store.getEnrollment("w-3", e.id))?.pause).toBeUndefined();
  });
});

describe("threading", () => {
  it("names the Message-ID after the stage's region", () => {
    expect(sesHeaderMessageId("0100-abc", "us-east-1")).toBe("<0100-abc@email.amazonses.com>");
    expect(sesHeaderMessageId("0102-abc", "eu-west-1")).toBe("<0102-abc@eu-west-1.amazonses.com>");
  });

  it("threads the bump under the intro with the Message-ID SES gave it in that region", async () => {
    const endpoint = await t.ses.client.config.endpoint!().then(
      (e) => `${e.protocol}//${e.hostname}:${e.port}`,
    );
    const client = new SESv2Client(localClientConfig(endpoint, "eu-west-1"));
    const deps = { ...t.deps, mailer: new SesMailer({ client, configurationSet: "handoff-test" }) };
    const e = await enrolled("th-1", "sdr-follow-up", { owner: "rep-ana" });
    await stepHandlers(deps).sendEmail(introPayload("th-1", e.id));
    const intro = await t.deps.store.getSend("th-1", e.id, "intro");
    expect(intro?.headerMessageId).toBe(`<${intro?.messageId}@eu-west-1.amazonses.com>`);
    await stepHandlers(deps).sendEmail(
      introPayload("th-1", e.id, { id: "bump", template: "sdr-bump", replyTo: "intro" }),
    );
    const bump = (await t.ses.store()).find(
      (m) =>
        m.destination.to.includes("th-1@example.com") &&
        m.subject === "Quick question" &&
        m.headers?.some((h) => h.name === "In-Reply-To"),
    );
    expect(bump?.headers?.find((h) => h.name === "In-Reply-To")?.value).toBe(intro?.headerMessageId);
    client.destroy();
  });
});

describe("a sender that renders to no address", () => {
  it("fails the step with the reason and sends nothing, for a sequence sent from owner.* to a contact without an owner", async () => {
    const e = await enrolled("o-1", "sdr-follow-up");
    const before = (await t.ses.store()).length;
    await expect(stepHandlers(t.deps).sendEmail(introPayload("o-1", e.id))).rejects.toMatchObject({
      name: ErrorNames.InvalidSender,
      message: expect.stringContaining("contact o-1 has no owner"),
    });
    expect((await t.ses.store()).length).toBe(before);
    expect(await t.deps.store.getSend("o-1", e.id, "intro")).toBeUndefined();
  });
});
