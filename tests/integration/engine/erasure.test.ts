import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import type { HttpRequest } from "../../../src/adapters/http/types";
import { MemoryDeadLetterQueues, MemoryRawMailArchive } from "../../../src/adapters/local/memory-privacy";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { receiveReply } from "../../../src/core/engine/replies";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { ErrorNames } from "../../../src/core/errors";
import { apiRequest } from "../../helpers/api-request";
import { AUTO_REPLIED, engineForTests, httpOver, replyTo } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { introPayload, payloadBase } from "../../helpers/step-payloads";

// DELETE /contacts/{id} and GET /contacts/{id}/export end to end: the router, the real handlers,
// dynalite and aws-ses-v2-local; the raw-mail archive and dead-letter queues in memory (their S3
// and SQS adapters are tested against local protocol servers in tests/integration/privacy-aws.test.ts).

const t = engineForTests();
const archive = new MemoryRawMailArchive();
const deadLetters = new MemoryDeadLetterQueues(["ses-events", "inbound", "execution-events"]);
const KEY = "erasure-api-key-0123456789";
/** Long enough that its reply address stores a key (a reply key item outside the partition). */
const ID = "erase-me-contact-0000001";
const EMAIL = "Erase.Me@example.com";

const http = httpOver(t, {
  auth: { apiKeys: [localAdminKey(KEY)], signingSecrets: [] },
  privacy: { rawMail: archive, deadLetters },
});
beforeAll(() => {
  t.deps.replyDomain = "reply.acme.example";
});

const request = (method: string, path: string, body = "", key: string | null = KEY) =>
  apiRequest(method, path, { key, body });
const call = (r: HttpRequest) => route(http, r);
const payload = (enrollmentId: string) => payloadBase(ID, enrollmentId, "sdr-follow-up");

async function tableText(): Promise<string> {
  const tableName = (t.deps.store as unknown as { table: { tableName: string } }).table.tableName;
  const out = await t.dynamo.doc.send(new ScanCommand({ TableName: tableName }));
  return JSON.stringify(out.Items ?? []).toLowerCase();
}

/** A contact with something in every place: ledger, reply key, rep task, stage history, raw mail, dead letters. */
async function keptEverywhere() {
  const contact = { email: EMAIL, firstName: "Erin", lastName: "Quist", owner: "rep-ana" };
  const enrollment = await givenEnrolled(t.deps, ID, "sdr-follow-up", contact);
  await upsertContact(t.deps, { id: "keep-me", email: "keep.me@example.com", firstName: "Kim" });
  const handlers = stepHandlers(t.deps);
  await handlers.sendEmail(introPayload(ID, enrollment.id, { subject: "Hi" }));
  t.later(3600);
  await handlers.task({
    ...payload(enrollment.id),
    taskToken: "tok-erase-task",
    step: { id: "call", type: "task", task: "call", title: "Call {{ contact.firstName }}", seconds: 86400 },
  });
  const mail = (await t.ses.store()).find((m) => m.destination.to.includes(EMAIL))!;
  archive.messages.set(
    "inbound-erase-1",
    `From: Erin Quist <${EMAIL}>\r\nSubject: Out of office\r\n\r\nAway.`,
  );
  const outOfOffice = { messageId: "inbound-erase-1", subject: "Out of office", headers: [AUTO_REPLIED] };
  const reply = await receiveReply(t.deps, replyTo(t, mail, outOfOffice));
  expect(reply.status).toBe("auto-reply");
  const staged = await call(request("POST", `/contacts/${ID}/stage`, JSON.stringify({ stage: "sql" })));
  expect(staged.status).toBe(200);
  deadLetters.queues
    .get("ses-events")!
    .push(`{"detail":{"mail":{"tags":{"contact":["${ID}"]}}}}`, `{"contact":["${ID}-other"]}`);
  deadLetters.queues
    .get("inbound")!
    .push(`{"mail":{"source":"${EMAIL.toLowerCase()}"}}`, `{"source":"noterase.me@example.com"}`);
  return enrollment;
}

describe("DELETE /contacts/{id} and GET /contacts/{id}/export (dynalite, aws-ses-v2-local)", () => {
  let enrollmentId: string;

  it("refuses both without credentials, and answers 404 for a contact never known", async () => {
    expect((await call(request("GET", `/contacts/${ID}/export`, "", null))).status).toBe(401);
    expect((await call(request("DELETE", `/contacts/${ID}`, "", null))).status).toBe(401);
    expect((await call(request("DELETE", "/contacts/nobody"))).status).toBe(404);
    expect((await call(request("PUT", `/contacts/${ID}`))).status).toBe(405);
  });

  it("exports everything kept about the contact as JSON", async () => {
    enrollmentId = (await keptEverywhere()).id;
    const response = await call(request("GET", `/contacts/${ID}/export`));
    expect(response.status).toBe(200);
    const exported = JSON.parse(response.body);
    expect(exported.records.contact).toMatchObject({ id: ID, email: EMAIL, firstName: "Erin", stage: "sql" });
    expect(exported.records.stageHistory.map((c: { to: string }) => c.to)).toEqual(["sql"]);
    expect(exported.records.events.map((e: { name: string }) => e.name)).toContain("email.autoreply");
    expect(exported.records.enrollments.map((e: { id: string }) => e.id)).toEqual([enrollmentId]);
    expect(exported.records.sends.map((s: { stepId: string }) => s.stepId)).toEqual(["intro"]);
    expect(exported.records.tasks.map((task: { title: string }) => task.title)).toEqual(["Call Erin"]);
    expect(exported.records.replyKeys).toHaveLength(1);
    expect(exported.rawMail).toEqual([
      expect.objectContaining({ messageId: "inbound-erase-1", raw: expect.stringContaining("Erin") }),
    ]);
    const mentions = Object.fromEntries(
      exported.deadLetters.map((q: { queue: string; messages: string[] }) => [q.queue, q.messages.length]),
    );
    expect(mentions).toEqual({ "ses-events": 1, inbound: 1, "execution-events": 0 });
    expect(deadLetters.queues.get("ses-events")).toHaveLength(2);
  });

  it("erases it everywhere: executions stopped, raw mail and dead letters deleted, only a hash of the address kept", async () => {
    const response = await call(request("DELETE", `/contacts/${ID}`));
    expect(response.status, response.body).toBe(200);
    const report = JSON.parse(response.body);
    expect(report).toMatchObject({ contactId: ID, executionsStopped: 1, rawMailDeleted: 1 });
    expect(t.control.failures).toContainEqual({
      token: "tok-erase-task",
      error: ErrorNames.InterruptExit,
      cause: "erased",
    });
    expect(archive.messages.size).toBe(0);
    expect(deadLetters.queues.get("ses-events")).toEqual([`{"contact":["${ID}-other"]}`]);
    expect(deadLetters.queues.get("inbound")).toEqual([`{"source":"noterase.me@example.com"}`]);
    const text = await tableText();
    for (const secret of [ID, EMAIL.toLowerCase(), "erin", "quist"])
      expect(text, secret).not.toContain(secret);
    expect(text).toContain("keep.me@example.com");
    expect((await call(request("GET", `/contacts/${ID}/export`))).status).toBe(404);
    expect((await call(request("DELETE", `/contacts/${ID}`))).status).toBe(404);
  });

  it("still stops sending to the address: enrolling it under another id is refused", async () => {
    const body = JSON.stringify({
      workflow: "trial-nurture",
      contact: { id: "erase-me-again", email: EMAIL.toUpperCase() },
    });
    const response = await call(request("POST", "/enroll", body));
    expect(response.status).toBe(409);
    expect(response.body).toMatch(/suppressed \(erased\)/);
  });

  it("ends the erased contact's executions at their next step, and stores nothing for a late event", async () => {
    const handlers = stepHandlers(t.deps);
    const pause = handlers.pause({
      ...payload(enrollmentId),
      taskToken: "tok-late",
      step: { id: "wait-2", type: "wait", seconds: 60 },
    });
    await expect(pause).rejects.toMatchObject({ name: ErrorNames.InterruptExit, message: "erased" });
    await expect(handlers.complete({ ...payload(enrollmentId), complete: {} })).resolves.toEqual({});
    await expect(
      handlers.handoff({ ...payload(enrollmentId), handoff: { to: "sdr-follow-up" } }),
    ).resolves.toMatchObject({ status: "erased" });
    const late = { id: "ses:late-open", contactId: ID, name: "email.open", at: t.later(), properties: {} };
    expect((await ingestEvent(t.deps, late)).duplicate).toBe(false);
    expect(await tableText()).not.toContain(ID);
  });
});
