import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import { apiRequest } from "../../helpers/api-request";
import { engineForTests, httpOver } from "../../helpers/engine";

// Finding 6 of the security review (issue 12): a request signature covers the method, the path and
// the body, and is accepted once; a caller's event id is one event per contact whatever the time.

const KEY = "sig-api-key-0123456789";
const SECRET = "sig-signing-secret-0123456789";
const t = engineForTests();
const http = httpOver(t, { auth: { apiKeys: [localAdminKey(KEY, "test")], signingSecrets: [SECRET] } });
beforeAll(async () => {
  await route(
    http,
    keyed("POST", "/enroll", { workflow: "trial-nurture", contact: { id: "s-1", email: "s-1@example.com" } }),
  );
});

const unixNow = () => Math.floor(t.clock.now().getTime() / 1000);

/** The documented recipe (docs/http-api.md), written out here rather than taken from the code. */
function v2(secret: string, method: string, path: string, body: string, unix = unixNow()): string {
  const mac = createHmac("sha256", secret).update(`${unix}.${method}.${path}.${body}`).digest("hex");
  return `t=${unix},v2=${mac}`;
}

const signed = (method: string, path: string, body: string, signature: string) =>
  apiRequest(method, path, { body, headers: { "x-handoff-signature": signature } });

const keyed = (method: string, path: string, body: unknown) =>
  apiRequest(method, path, { key: KEY, body: JSON.stringify(body) });

const statusOf = (body: string) => JSON.parse(body).results?.[0]?.status;

describe("request signatures", () => {
  it("accepts a v2 signature over the method, the path and the body", async () => {
    const body = JSON.stringify({ contactId: "s-1", event: "page.view", properties: { path: "/a" } });
    const response = await route(http, signed("POST", "/events", body, v2(SECRET, "POST", "/events", body)));
    expect(response.status).toBe(202);
  });

  it("refuses a signature made for another path or method", async () => {
    t.later(1);
    const body = JSON.stringify({
      workflow: "trial-nurture",
      contact: { id: "s-2", email: "s-2@example.com" },
    });
    const forEvents = v2(SECRET, "POST", "/events", body);
    const moved = await route(http, signed("POST", "/enroll", body, forEvents));
    expect(moved.status).toBe(401);
    expect(JSON.parse(moved.body).reason).toMatch(/does not match/);
    const otherMethod = await route(
      http,
      signed("POST", "/enroll", body, v2(SECRET, "PUT", "/enroll", body)),
    );
    expect(otherMethod.status).toBe(401);
    expect(await t.deps.store.getContact("s-2")).toBeUndefined();
  });

  it("no longer accepts a v1 signature over the body alone, and says how to sign", async () => {
    t.later(1);
    const body = JSON.stringify({ contactId: "s-1", event: "page.view" });
    const unix = unixNow();
    const mac = createHmac("sha256", SECRET).update(`${unix}.${body}`).digest("hex");
    const response = await route(http, signed("POST", "/events", body, `t=${unix},v1=${mac}`));
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).reason).toMatch(/v2=/);
  });

  it("refuses a replay of a signed request within the window, and accepts a new signature", async () => {
    t.later(1);
    const body = JSON.stringify({ contactId: "s-1", event: "pricing.viewed" });
    const request = signed("POST", "/events", body, v2(SECRET, "POST", "/events", body));
    expect((await route(http, request)).status).toBe(202);
    t.later(10);
    const replay = await route(http, request);
    expect(replay.status).toBe(401);
    expect(JSON.parse(replay.body)).toMatchObject({
      error: "unauthenticated",
      reason: expect.stringMatching(/replay|already/),
    });
    const resigned = await route(http, signed("POST", "/events", body, v2(SECRET, "POST", "/events", body)));
    expect(resigned.status).toBe(202);
    const views = (await t.deps.store.listEvents("s-1")).filter((e) => e.name === "pricing.viewed");
    expect(views).toHaveLength(2);
  });

  it("a replay is refused before anything is stored, also when a second request races the first", async () => {
    t.later(1);
    const body = JSON.stringify({ contactId: "s-1", event: "demo.viewed" });
    const request = signed("POST", "/events", body, v2(SECRET, "POST", "/events", body));
    const answers = await Promise.all([route(http, request), route(http, request), route(http, request)]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 401, 401]);
    expect((await t.deps.store.listEvents("s-1")).filter((e) => e.name === "demo.viewed")).toHaveLength(1);
  });
});

describe("POST /events ids", () => {
  it("stores a caller's event id once per contact, whether or not `at` is given", async () => {
    const event = { id: "crm-42", contactId: "s-1", event: "form.submitted", properties: { form: "demo" } };
    const first = await route(http, keyed("POST", "/events", event));
    expect(statusOf(first.body)).toBe("stored");
    t.later(90);
    const again = await route(http, keyed("POST", "/events", event));
    expect(statusOf(again.body)).toBe("duplicate");
    t.later(90);
    const withAt = await route(http, keyed("POST", "/events", { ...event, at: t.clock.now().toISOString() }));
    expect(statusOf(withAt.body)).toBe("duplicate");
    const stored = (await t.deps.store.listEvents("s-1")).filter((e) => e.name === "form.submitted");
    expect(stored).toHaveLength(1);
  });

  it("the same id for two contacts is two events", async () => {
    await route(
      http,
      keyed("POST", "/enroll", {
        workflow: "trial-nurture",
        contact: { id: "s-3", email: "s-3@example.com" },
      }),
    );
    const event = { id: "crm-43", event: "form.submitted" };
    expect(statusOf((await route(http, keyed("POST", "/events", { ...event, contactId: "s-1" }))).body)).toBe(
      "stored",
    );
    expect(statusOf((await route(http, keyed("POST", "/events", { ...event, contactId: "s-3" }))).body)).toBe(
      "stored",
    );
  });

  it("events without an id are told apart by their time, as before", async () => {
    const event = { contactId: "s-3", event: "page.view", properties: { path: "/docs" } };
    const at = t.later(5);
    expect(statusOf((await route(http, keyed("POST", "/events", { ...event, at }))).body)).toBe("stored");
    expect(statusOf((await route(http, keyed("POST", "/events", { ...event, at }))).body)).toBe("duplicate");
    t.later(5);
    expect(statusOf((await route(http, keyed("POST", "/events", event))).body)).toBe("stored");
  });
});
