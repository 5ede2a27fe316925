import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ASANA_SECRET_VALUE } from "../../../src/adapters/http/asana-routes";
import { parseApiKeys } from "../../../src/adapters/http/keys";
import type { HttpDeps } from "../../../src/adapters/http/types";
import { serveApi } from "../../../src/adapters/local/http-server";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { engineWithAsana } from "../../helpers/asana-engine";
import { AsanaServer } from "../../helpers/asana-server";
import { handoffInBackground } from "../../helpers/cli";
import { givenEnrolled } from "../../helpers/given";
import { payloadBase } from "../../helpers/step-payloads";

const ADMIN = "admin-key-0123456789abcdef";
const VIEWER = "viewer-key-0123456789abcdef";
const CALL = { id: "call", type: "task" as const, task: "call" as const, title: "Call Ana", seconds: 86400 };

let asana: AsanaServer;
let t: ReturnType<typeof engineWithAsana>;
let api: { url: string; close(): Promise<void> };

beforeAll(async () => {
  asana = await AsanaServer.start("asana-test-token-0123456789");
});
afterAll(async () => asana.close());

beforeEach(async () => {
  asana.webhooks.length = 0;
  t = engineWithAsana(asana);
  const apiKeys = parseApiKeys(
    JSON.stringify([
      { name: "ops", key: ADMIN, scope: "admin" },
      { name: "dash", key: VIEWER, scope: "viewer" },
    ]),
  );
  const http: HttpDeps = { engine: t.deps, auth: { apiKeys, signingSecrets: [] } };
  api = await serveApi(http);
  return () => api.close();
});

const connect = (key = ADMIN, body: unknown = { api: api.url }) =>
  fetch(`${api.url}/integrations/asana/connect`, {
    method: "POST",
    headers: { "x-api-key": key, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

const handshake = (query: string, secret = "a-secret-someone-made-up") =>
  fetch(`${api.url}/integrations/asana/webhook${query}`, {
    method: "POST",
    headers: { "x-hook-secret": secret },
  });

/** Contact `id` of rep-ana's paused at sdr-follow-up's call task (in Asana too). */
async function atCallTask(id: string) {
  const enrollment = await givenEnrolled(t.deps, id, "sdr-follow-up", { firstName: "Ana", owner: "rep-ana" });
  const payload = { ...payloadBase(id, enrollment.id, "sdr-follow-up"), taskToken: `tok-${id}`, step: CALL };
  const { taskId } = (await stepHandlers(t.deps).task(payload)) as { taskId: string };
  const task = await t.store.getTask(taskId);
  return { enrollment, taskId, gid: task!.externalId! };
}

describe("Asana's webhook, against a local server speaking Asana's API subset", () => {
  it("connect creates the webhook on the project; Asana's handshake during it is echoed and its secret kept", async () => {
    expect((await connect(VIEWER)).status).toBe(403);
    expect((await connect(ADMIN, { api: "not a url" })).status).toBe(400);
    const connected = await connect();
    const answer = (await connected.json()) as { webhook: string; target: string };
    expect(connected.status).toBe(201);
    expect(answer.target).toBe(`${api.url}/integrations/asana/webhook`);
    expect(asana.webhooks).toHaveLength(1);
    expect(asana.webhooks[0]).toMatchObject({ gid: answer.webhook, resource: "1209000000000001" });
    expect(await t.store.readValue(ASANA_SECRET_VALUE, t.clock.now())).toBe(asana.webhooks[0]?.secret);
  });

  it("refuses a handshake no connect awaits, one with another nonce, and a replay of a used one (403, secret unchanged)", async () => {
    expect((await handshake("")).status).toBe(403);
    await connect();
    const kept = await t.store.readValue(ASANA_SECRET_VALUE, t.clock.now());
    const used = new URL(asana.webhooks[0]!.target).search;
    expect((await handshake("?connect=0123456789abcdef")).status).toBe(403);
    expect((await handshake(used)).status).toBe(403);
    expect(await t.store.readValue(ASANA_SECRET_VALUE, t.clock.now())).toBe(kept);
  });

  it("refuses events with a bad or missing signature (401) and completes nothing", async () => {
    await connect();
    const { taskId, gid } = await atCallTask("wh-1");
    asana.tasks.get(gid)!.completed = true;
    const body = JSON.stringify({
      events: [
        { action: "changed", resource: { gid, resource_type: "task" }, change: { field: "completed" } },
      ],
    });
    const [forged] = await asana.deliver(body, { secret: "not-the-secret" });
    expect(forged?.status).toBe(401);
    const unsigned = await fetch(`${api.url}/integrations/asana/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect((await t.store.getTask(taskId))?.status).toBe("open");
  });

  it("completes the Handoff task when the task is completed in Asana, once, and the enrollment moves on", async () => {
    await connect();
    const { enrollment, taskId, gid } = await atCallTask("wh-2");
    await asana.complete(gid);
    const delivery = asana.deliveries.at(-1)!;
    expect([delivery.status, JSON.parse(delivery.body)]).toEqual([200, { events: 1, completed: [gid] }]);
    expect(await t.store.getTask(taskId)).toMatchObject({ status: "completed" });
    expect(t.control.successes.map((s) => s.token)).toContain("tok-wh-2");
    expect((await t.store.getEnrollment("wh-2", enrollment.id))?.pause).toBeUndefined();
    const events = await t.store.listEvents("wh-2");
    expect(events.filter((e) => e.name === "task.completed")).toHaveLength(1);
    // Asana delivers again (at least once): nothing more happens.
    const [again] = await asana.deliver(
      JSON.stringify({ events: [{ action: "changed", resource: { gid, resource_type: "task" } }] }),
    );
    expect(JSON.parse(again!.body)).toEqual({ events: 1, completed: [] });
    expect((await t.store.listEvents("wh-2")).filter((e) => e.name === "task.completed")).toHaveLength(1);
  });

  it("takes Asana's word only: a signed event about a task still open there completes nothing; heartbeats are answered", async () => {
    await connect();
    const { taskId, gid } = await atCallTask("wh-3");
    const [told] = await asana.deliver(
      JSON.stringify({ events: [{ action: "changed", resource: { gid, resource_type: "task" } }] }),
    );
    expect(told?.status).toBe(200);
    expect((await t.store.getTask(taskId))?.status).toBe("open");
    const [heartbeat] = await asana.deliver(JSON.stringify({ events: [] }));
    expect(heartbeat?.status).toBe(200);
  });

  it("answers 503 when Asana cannot be read, so Asana delivers the events again", async () => {
    await connect();
    const { taskId, gid } = await atCallTask("wh-4");
    asana.tasks.get(gid)!.completed = true;
    asana.failNext(1, 503);
    const body = JSON.stringify({
      events: [{ action: "changed", resource: { gid, resource_type: "task" } }],
    });
    expect((await asana.deliver(body))[0]?.status).toBe(503);
    expect((await t.store.getTask(taskId))?.status).toBe("open");
    expect((await asana.deliver(body))[0]?.status).toBe(200);
    expect((await t.store.getTask(taskId))?.status).toBe("completed");
  });

  it("`handoff asana connect` creates the webhook through the API; its mistakes are one line", async () => {
    const connect = ["asana", "connect", "--api", api.url, "--api-key"];
    const [run, viewer, badUrl, missing] = await Promise.all([
      handoffInBackground([...connect, ADMIN]),
      handoffInBackground([...connect, VIEWER]),
      handoffInBackground([...connect, ADMIN, "--public-url", "ftp:x"]),
      handoffInBackground(["asana", "connect"]),
    ]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toBe(
      `Asana webhook ${asana.webhooks[0]?.gid} created: Asana tells ${api.url}/integrations/asana/webhook when a task is completed\n`,
    );
    expect(viewer.code).toBe(2);
    expect(viewer.stderr).toMatch(/^handoff asana connect: the API answered 403[^\n]*\n$/);
    expect([badUrl.code, badUrl.stderr]).toEqual([
      2,
      "handoff asana connect: --public-url must be an http(s) URL, not 'ftp:x'\n",
    ]);
    expect([missing.code, missing.stderr.trim().split("\n").length]).toEqual([2, 1]);
  }, 240_000);
});
