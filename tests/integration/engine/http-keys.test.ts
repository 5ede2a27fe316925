import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { route } from "../../../src/adapters/http/router";
import type { HttpDeps, HttpRequest } from "../../../src/adapters/http/types";
import { serveApi } from "../../../src/adapters/local/http-server";
import { apiRequest } from "../../helpers/api-request";
import { oneClickUnsubscribe, unsubscribeToken } from "../../helpers/email-links";
import { engineForTests, httpOver } from "../../helpers/engine";

// Finding 9 of the security review (issue 12): keys have scopes, a key floods only itself, and
// CORS answers only the configured origins.

const KEYS = {
  ingest: "ingest-key-0123456789",
  viewer: "viewer-key-0123456789",
  rep: "rep-key-0123456789abc",
  admin: "admin-key-0123456789ab",
  slow: "slow-key-0123456789abc",
};
const SECRET = "keys-signing-secret-0123456789";
const APP = "https://app.acme.example";

const t = engineForTests();
const http = httpOver(t, {
  auth: {
    apiKeys: [
      { name: "crm", key: KEYS.ingest, scope: "ingest" },
      { name: "dashboard", key: KEYS.viewer, scope: "viewer" },
      { name: "rep-app", key: KEYS.rep, scope: "rep" },
      { name: "ops", key: KEYS.admin, scope: "admin" },
      { name: "website", key: KEYS.slow, scope: "ingest", rate: 2 },
    ],
    signingSecrets: [SECRET],
  },
  cors: { origins: [APP] },
});
beforeAll(async () => {
  const enroll = { workflow: "trial-nurture", contact: { id: "k-1", email: "k-1@example.com" } };
  expect((await route(http, as("admin", "POST", "/enroll", enroll))).status).toBe(201);
});

/** A request with the API key named `key`; `body` goes as JSON. */
function as(key: keyof typeof KEYS, method: string, path: string, body?: unknown, headers = {}): HttpRequest {
  const text = body === undefined ? "" : JSON.stringify(body);
  return apiRequest(method, path, { key: KEYS[key], body: text, headers });
}
const event = { contactId: "k-1", event: "page.view" };
const reasonOf = (body: string) => JSON.parse(body).reason as string;

describe("scopes", () => {
  it("an ingest key sends events and enrollments, and nothing else", async () => {
    expect((await route(http, as("ingest", "POST", "/events", event))).status).toBe(202);
    const failed = await route(http, as("ingest", "GET", "/enrollments/failed"));
    expect(failed.status).toBe(403);
    expect(JSON.parse(failed.body)).toMatchObject({ error: "forbidden", needs: "admin" });
    expect(reasonOf(failed.body)).toMatch(/admin/);
    const task = await route(http, as("ingest", "POST", "/tasks/t-none/complete", {}));
    expect(task.status).toBe(403);
    expect(reasonOf(task.body)).toMatch(/\brep\b/);
    expect((await route(http, as("ingest", "POST", "/contacts/k-1/stage", { stage: "mql" }))).status).toBe(
      403,
    );
    expect((await route(http, as("ingest", "POST", "/enrollments/redrive", { failed: true }))).status).toBe(
      403,
    );
  });

  it("a viewer key reads, and may not ingest, complete tasks or operate", async () => {
    const events = await route(http, as("viewer", "POST", "/events", event));
    expect(events.status).toBe(403);
    expect(JSON.parse(events.body).needs).toBe("ingest");
    expect((await route(http, as("viewer", "POST", "/tasks/t-none/complete", {}))).status).toBe(403);
    expect((await route(http, as("viewer", "GET", "/enrollments/failed"))).status).toBe(403);
  });

  it("a rep key completes tasks (a viewer's rights and more), and does not ingest or operate", async () => {
    expect((await route(http, as("rep", "POST", "/tasks/t-none/complete", {}))).status).toBe(404);
    expect((await route(http, as("rep", "POST", "/events", event))).status).toBe(403);
    expect((await route(http, as("rep", "POST", "/contacts/k-1/stage", { stage: "mql" }))).status).toBe(403);
  });

  it("an admin key does everything", async () => {
    expect((await route(http, as("admin", "POST", "/events", event))).status).toBe(202);
    expect((await route(http, as("admin", "GET", "/enrollments/failed"))).status).toBe(200);
    expect((await route(http, as("admin", "POST", "/tasks/t-none/complete", {}))).status).toBe(404);
    expect((await route(http, as("admin", "POST", "/contacts/k-1/stage", { stage: "lead" }))).status).toBe(
      200,
    );
  });

  it("a signed request acts as an ingest key", async () => {
    const unix = Math.floor(t.clock.now().getTime() / 1000);
    const sign = (method: string, path: string, body: string) =>
      `t=${unix},v2=${createHmac("sha256", SECRET).update(`${unix}.${method}.${path}.${body}`).digest("hex")}`;
    const body = JSON.stringify({ failed: true });
    const signed = (path: string, b: string) => ({
      method: "POST",
      path,
      body: b,
      query: {},
      headers: { "content-type": "application/json", "x-handoff-signature": sign("POST", path, b) },
    });
    const redrive = await route(http, signed("/enrollments/redrive", body));
    expect(redrive.status).toBe(403);
    expect(JSON.parse(redrive.body).needs).toBe("admin");
    expect((await route(http, signed("/events", JSON.stringify(event)))).status).toBe(202);
  });

  it("a key that is not configured gets 401, whatever scope the route needs", async () => {
    const unknown = {
      ...as("admin", "GET", "/enrollments/failed"),
      headers: { "x-api-key": "not-a-key-0123456789" },
    };
    expect((await route(http, unknown)).status).toBe(401);
  });
});

describe("per-key rates", () => {
  it("a key over its rate gets 429 with Retry-After; other keys and the one-click unsubscribe go on", async () => {
    t.later(1);
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await route(http, as("slow", "POST", "/events", event)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 429, 429]);
    expect(answers[2]!.headers["retry-after"]).toBe("1");
    expect(reasonOf(answers[2]!.body)).toMatch(/website.*2 requests per second/);
    expect((await route(http, as("ingest", "POST", "/events", event))).status).toBe(202);
    const welcome = { contactId: "k-1", enrollmentId: "trial-nurture.1", stepId: "welcome" };
    const oneClick = await route(http, oneClickUnsubscribe(unsubscribeToken(t, welcome)));
    expect(oneClick.status).toBe(200);
    t.later(1);
    expect((await route(http, as("slow", "POST", "/events", event))).status).toBe(202);
  });
});

describe("CORS", () => {
  const preflight = (origin: string, path = "/events"): HttpRequest => ({
    method: "OPTIONS",
    path,
    body: "",
    query: {},
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-api-key",
    },
  });

  it("answers a preflight from a configured origin only", async () => {
    const allowed = await route(http, preflight(APP));
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      "access-control-allow-origin": APP,
      vary: "Origin",
    });
    expect(allowed.headers["access-control-allow-headers"]).toMatch(/x-api-key/);
    expect(allowed.headers["access-control-allow-methods"]).toMatch(/POST/);
    const other = await route(http, preflight("https://evil.example"));
    expect(other.status).toBe(405);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("adds the origin to answers for a configured origin only", async () => {
    const fromApp = await route(http, as("admin", "GET", "/enrollments/failed", undefined, { origin: APP }));
    expect(fromApp.headers["access-control-allow-origin"]).toBe(APP);
    const fromElsewhere = await route(
      http,
      as("admin", "GET", "/enrollments/failed", undefined, { origin: "https://evil.example" }),
    );
    expect(fromElsewhere.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("sends no CORS headers at all without configured origins (the default), also from the local server", async () => {
    const none: HttpDeps = { engine: http.engine, auth: http.auth };
    const answer = await route(none, preflight(APP));
    expect(answer.status).toBe(405);
    expect(Object.keys(answer.headers).filter((h) => h.startsWith("access-control-"))).toEqual([]);
    const server = await serveApi(http);
    try {
      const local = await fetch(`${server.url}/events`, {
        method: "OPTIONS",
        headers: { origin: APP, "access-control-request-method": "POST" },
      });
      expect(local.status).toBe(204);
      expect(local.headers.get("access-control-allow-origin")).toBe(APP);
    } finally {
      await server.close();
    }
  });
});
