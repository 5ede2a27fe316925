import { describe, expect, it } from "vitest";
import { signRequest } from "../../../src/adapters/http/auth";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import type { HttpRequest } from "../../../src/adapters/http/types";
import { signToken } from "../../../src/core/tokens";
import { apiRequest } from "../../helpers/api-request";
import { clickToken, linkRequest, oneClickUnsubscribe, unsubscribeToken } from "../../helpers/email-links";
import { engineForTests, httpOver } from "../../helpers/engine";

const KEY = "test-api-key-0123456789";
const SECRET = "test-signing-secret-0123456789";
const t = engineForTests();
const http = httpOver(t, { auth: { apiKeys: [localAdminKey(KEY, "test")], signingSecrets: [SECRET] } });

const request = (method: string, path: string, body = "", headers: Record<string, string> = {}) =>
  apiRequest(method, path, { key: KEY, body, headers });
const call = (r: HttpRequest) => route(http, r);
const json = (body: unknown) => JSON.stringify(body);
/** An enrollment of one contact into trial-nurture. */
const enrollOne = (contact: Record<string, unknown>) =>
  request("POST", "/enroll", json({ workflow: "trial-nurture", contact }));

describe("POST /enroll and POST /events", () => {
  it("enrolls one contact, then refuses a second enrollment into a campaign without reenroll", async () => {
    const body = json({
      workflow: "trial-nurture",
      contact: { id: "h-1", email: "h-1@example.com", firstName: "Ana" },
    });
    const first = await call(request("POST", "/enroll", body));
    expect(first.status).toBe(201);
    expect(JSON.parse(first.body).results[0]).toMatchObject({
      contactId: "h-1",
      status: "enrolled",
      enrollmentId: "trial-nurture.1",
    });
    expect((await call(request("POST", "/enroll", body))).status).toBe(200);
    await t.deps.store.updateEnrollment("h-1", "trial-nurture.1", { status: "completed" });
    const again = await call(request("POST", "/enroll", body));
    expect(again.status).toBe(409);
    expect(JSON.parse(again.body).results[0].reason).toMatch(/re-enrollment/);
  });

  it("enrolls a batch and reports each contact", async () => {
    const contacts = Array.from({ length: 5 }, (_, i) => ({
      id: `h-batch-${i}`,
      email: `h-batch-${i}@example.com`,
    }));
    const response = await call(
      request(
        "POST",
        "/enroll",
        json({
          workflow: "trial-nurture",
          contacts: [...contacts, { id: "h-bad-owner", email: "x@example.com", owner: "rep-nobody" }],
        }),
      ),
    );
    expect(response.status).toBe(207);
    const results = JSON.parse(response.body).results;
    expect(results.filter((r: { status: string }) => r.status === "enrolled")).toHaveLength(5);
    expect(results.at(-1)).toMatchObject({ status: "rejected" });
  });

  it("identifies a new contact and enrolls it by enrollWhen from one trial.started event", async () => {
    const body = json({
      id: "trial-h-new",
      contact: { id: "h-new", email: "h-new@example.com", firstName: "Noor" },
      event: "trial.started",
    });
    const response = await call(request("POST", "/events", body));
    expect(response.status).toBe(202);
    expect((await t.deps.store.getContact("h-new"))?.stage).toBe("lead");
    expect((await t.deps.store.listEnrollments("h-new", "trial-nurture"))[0]?.status).toBe("active");
  });

  it("stores a custom event once, authenticated by HMAC signature", async () => {
    const body = json({
      id: "evt-1",
      contactId: "h-1",
      event: "page.view",
      properties: { path: "/pricing" },
    });
    const signed = () => {
      const unix = Math.floor(t.clock.now().getTime() / 1000);
      const signature = signRequest(SECRET, { method: "POST", path: "/events", body }, unix);
      const headers = { "content-type": "application/json", "x-handoff-signature": signature };
      return { method: "POST", path: "/events", body, query: {}, headers };
    };
    const first = await call(signed());
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body).results[0].status).toBe("stored");
    t.later(1);
    expect(JSON.parse((await call(signed())).body).results[0].status).toBe("duplicate");
  });
});

describe("unsubscribe and click links", () => {
  it("shows a confirmation page on GET and unsubscribes on a one-click POST", async () => {
    await call(enrollOne({ id: "h-unsub", email: "h-unsub@example.com" }));
    const token = unsubscribeToken(t, {
      contactId: "h-unsub",
      enrollmentId: "trial-nurture.1",
      stepId: "welcome",
    });
    const page = await call(linkRequest("GET", `/u/${token}`));
    expect(page.status).toBe(200);
    expect(page.body).toContain('<form method="post">');
    expect((await t.deps.store.getContact("h-unsub"))?.consent.status).toBe("subscribed");
    const done = await call(oneClickUnsubscribe(token));
    expect(done.status).toBe(200);
    expect((await t.deps.store.getContact("h-unsub"))?.consent.status).toBe("unsubscribed");
    expect((await t.deps.store.getSuppression("h-unsub@example.com"))?.reason).toBe("unsubscribed");
    expect((await t.deps.store.getEnrollment("h-unsub", "trial-nurture.1"))?.status).toBe("exited");
  });

  it("redirects a tracked click only to a link that was in that email", async () => {
    await t.deps.store.claimSend({
      contactId: "h-1",
      enrollmentId: "trial-nurture.1",
      stepId: "welcome",
      workflowId: "trial-nurture",
      status: "claimed",
      claimedAt: t.clock.now().toISOString(),
    });
    await t.deps.store.completeSend("h-1", "trial-nurture.1", "welcome", {
      status: "sent",
      messageId: "m-1",
      links: { pricing: "https://acme.example/pricing" },
    });
    const welcome = { contactId: "h-1", enrollmentId: "trial-nurture.1", stepId: "welcome" };
    const good = clickToken(t, welcome, "pricing");
    t.later(60); // a person's click, not a link scanner's (SCANNER_WINDOW_SECONDS after the send)
    const response = await call(linkRequest("GET", `/r/${good}`));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("https://acme.example/pricing");
    expect(
      (await t.deps.store.listEvents("h-1")).some(
        (e) => e.name === "email.click" && e.properties.link === "pricing",
      ),
    ).toBe(true);
    const other = clickToken(t, welcome, "evil");
    expect((await call(linkRequest("GET", `/r/${other}`))).status).toBe(404);
  });
});

describe("hostile and broken requests", () => {
  const validEnroll = json({ workflow: "trial-nurture", contact: { id: "h-x", email: "h-x@example.com" } });
  const expired = () =>
    signToken(
      t.deps.tokens,
      "unsubscribe",
      { c: "h-1", e: "x", s: "y" },
      new Date(t.clock.now().getTime() - 1000),
    );
  const otherKey = () =>
    signToken(
      { current: "k9", keys: { k9: "another-secret-0123456789" } },
      "unsubscribe",
      { c: "h-1", e: "x", s: "y" },
      new Date(t.clock.now().getTime() + 86400_000),
    );
  const unknownEmail = { contactId: "h-1", enrollmentId: "x", stepId: "y" };
  const clickAsUnsub = () => clickToken(t, unknownEmail, "z");
  const cases: Array<[string, () => HttpRequest]> = [
    [
      "no credentials",
      () =>
        request("POST", "/events", json({ contactId: "h-1", event: "page.view" }), {
          "x-api-key": undefined as never,
        }),
    ],
    ["wrong api key", () => request("POST", "/events", "{}", { "x-api-key": "nope" })],
    ["empty api key", () => request("POST", "/events", "{}", { "x-api-key": "" })],
    [
      "forged signature",
      () => ({
        ...request("POST", "/events", "{}"),
        headers: {
          "content-type": "application/json",
          "x-handoff-signature": `t=${Math.floor(t.clock.now().getTime() / 1000)},v2=${"0".repeat(64)}`,
        },
      }),
    ],
    [
      "stale signature",
      () => ({
        ...request("POST", "/events", "{}"),
        headers: {
          "content-type": "application/json",
          "x-handoff-signature": signRequest(SECRET, { method: "POST", path: "/events", body: "{}" }, 1000),
        },
      }),
    ],
    [
      "garbled signature",
      () => ({
        ...request("POST", "/events", "{}"),
        headers: { "content-type": "application/json", "x-handoff-signature": "abc" },
      }),
    ],
    [
      "signature for another body",
      () => ({
        ...request("POST", "/events", '{"a":1}'),
        headers: {
          "content-type": "application/json",
          "x-handoff-signature": signRequest(
            SECRET,
            { method: "POST", path: "/events", body: "{}" },
            Math.floor(t.clock.now().getTime() / 1000),
          ),
        },
      }),
    ],
    ["events: not JSON", () => request("POST", "/events", "{nope")],
    ["events: empty body", () => request("POST", "/events", "")],
    ["events: JSON null", () => request("POST", "/events", "null")],
    ["events: a list", () => request("POST", "/events", "[]")],
    ["events: text/plain", () => request("POST", "/events", "{}", { "content-type": "text/plain" })],
    [
      "events: 300 KB",
      () =>
        request(
          "POST",
          "/events",
          json({ contactId: "h-1", event: "page.view", properties: { x: "a".repeat(300_000) } }),
        ),
    ],
    ["events: no contact", () => request("POST", "/events", json({ event: "page.view" }))],
    [
      "events: bad event name",
      () => request("POST", "/events", json({ contactId: "h-1", event: "PageView" })),
    ],
    [
      "events: reserved email.open",
      () => request("POST", "/events", json({ contactId: "h-1", event: "email.open" })),
    ],
    [
      "events: reserved task.completed",
      () => request("POST", "/events", json({ contactId: "h-1", event: "task.completed" })),
    ],
    [
      "events: unknown field",
      () => request("POST", "/events", json({ contactId: "h-1", event: "page.view", evil: true })),
    ],
    [
      "events: nested property",
      () =>
        request(
          "POST",
          "/events",
          json({ contactId: "h-1", event: "page.view", properties: { a: { b: 1 } } }),
        ),
    ],
    [
      "events: 60 properties",
      () =>
        request(
          "POST",
          "/events",
          json({
            contactId: "h-1",
            event: "page.view",
            properties: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`p${i}`, i])),
          }),
        ),
    ],
    [
      "events: bad timestamp",
      () => request("POST", "/events", json({ contactId: "h-1", event: "page.view", at: "yesterday" })),
    ],
    [
      "events: future timestamp",
      () =>
        request(
          "POST",
          "/events",
          json({ contactId: "h-1", event: "page.view", at: "2030-01-01T00:00:00Z" }),
        ),
    ],
    [
      "events: unknown contact",
      () => request("POST", "/events", json({ contactId: "nobody", event: "page.view" })),
    ],
    ["events: empty batch", () => request("POST", "/events", json({ events: [] }))],
    [
      "events: batch of 101",
      () =>
        request(
          "POST",
          "/events",
          json({ events: Array.from({ length: 101 }, () => ({ contactId: "h-1", event: "page.view" })) }),
        ),
    ],
    [
      "events: bad email",
      () => request("POST", "/events", json({ email: "not-an-email", event: "page.view" })),
    ],
    [
      "events: __proto__ key",
      () =>
        request(
          "POST",
          "/events",
          '{"__proto__": {"polluted": true}, "contactId": "h-1", "event": "page.view"}',
        ),
    ],
    ["events: GET", () => request("GET", "/events")],
    [
      "enroll: unknown workflow",
      () =>
        request(
          "POST",
          "/enroll",
          json({ workflow: "nope", contact: { id: "h-x", email: "h-x@example.com" } }),
        ),
    ],
    [
      "enroll: bad workflow id",
      () =>
        request(
          "POST",
          "/enroll",
          json({ workflow: "Trial Nurture", contact: { id: "h-x", email: "h-x@example.com" } }),
        ),
    ],
    ["enroll: contact without email", () => enrollOne({ id: "h-x" })],
    ["enroll: contact id with spaces", () => enrollOne({ id: "Ana Silva", email: "a@example.com" })],
    [
      "enroll: bad time zone",
      () => enrollOne({ id: "h-x", email: "h-x@example.com", timezone: "Mars/Olympus" }),
    ],
    ["enroll: unknown owner", () => enrollOne({ id: "h-y", email: "h-y@example.com", owner: "rep-nobody" })],
    ["enroll: unknown stage", () => enrollOne({ id: "h-z", email: "h-z@example.com", stage: "vip" })],
    [
      "enroll: 501 contacts",
      () =>
        request(
          "POST",
          "/enroll",
          json({
            workflow: "trial-nurture",
            contacts: Array.from({ length: 501 }, (_, i) => ({ id: `b${i}`, email: `b${i}@example.com` })),
          }),
        ),
    ],
    ["enroll: 2 MB", () => request("POST", "/enroll", "x".repeat(2 * 1024 * 1024))],
    [
      "enroll: no credentials",
      () => ({ ...request("POST", "/enroll", validEnroll), headers: { "content-type": "application/json" } }),
    ],
    ["enroll: PUT", () => request("PUT", "/enroll", validEnroll)],
    ["tasks: unknown task", () => request("POST", "/tasks/nope/complete", "{}")],
    ["tasks: bad id", () => request("POST", "/tasks/%E0%A4%A/complete", "{}")],
    ["tasks: unknown field", () => request("POST", "/tasks/x/complete", json({ who: "me" }))],
    [
      "tasks: no credentials",
      () => ({
        ...request("POST", "/tasks/x/complete", "{}"),
        headers: { "content-type": "application/json" },
      }),
    ],
    ["unsubscribe: forged token", () => request("GET", `/u/k1.${"a".repeat(40)}.${"b".repeat(43)}`)],
    [
      "unsubscribe: tampered token",
      () => {
        const tok = unsubscribeToken(t, unknownEmail);
        return request("GET", `/u/${tok.slice(0, -2)}xx`);
      },
    ],
    ["unsubscribe: expired token", () => request("GET", `/u/${expired()}`)],
    ["unsubscribe: unknown key id", () => request("GET", `/u/${otherKey()}`)],
    [
      "unsubscribe: click token reused",
      () => request("POST", `/u/${clickAsUnsub()}`, "List-Unsubscribe=One-Click"),
    ],
    ["unsubscribe: POST without one-click", () => request("POST", `/u/${expired()}`, "hello")],
    [
      // An empty body is RFC 8058's one-click (some clients send none): asking nothing is refused.
      "unsubscribe: POST valid token, confirm=no",
      () => request("POST", `/u/${unsubscribeToken(t, unknownEmail)}`, "confirm=no"),
    ],
    ["unsubscribe: huge body", () => request("POST", `/u/${expired()}`, "x".repeat(10_000))],
    ["unsubscribe: DELETE", () => request("DELETE", `/u/${expired()}`)],
    ["click: forged token", () => request("GET", `/r/k1.${"a".repeat(40)}.${"b".repeat(43)}`)],
    ["click: unsubscribe token reused", () => request("GET", `/r/${expired()}`)],
    ["click: POST", () => request("POST", `/r/${expired()}`)],
    ["unknown path", () => request("GET", "/admin")],
    ["path traversal", () => request("GET", "/u/../../etc/passwd")],
  ];

  it(`answers ${cases.length} malformed, oversized, unauthenticated or forged requests with a 4xx and a reason`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    for (const [name, make] of cases) {
      const req = make();
      req.headers = Object.fromEntries(Object.entries(req.headers).filter(([, v]) => v !== undefined));
      const response = await call(req);
      expect(response.status, `${name}: ${response.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(response.body.length, name).toBeGreaterThan(10);
    }
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});
