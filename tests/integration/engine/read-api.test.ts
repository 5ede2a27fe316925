import { beforeAll, describe, expect, it } from "vitest";
import { route } from "../../../src/adapters/http/router";
import type { Scope } from "../../../src/adapters/http/scopes";
import { MemoryContactStore } from "../../../src/adapters/local/memory-store";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { apiRequest } from "../../helpers/api-request";
import { engineForTests, httpOver, welcomeSent } from "../../helpers/engine";
import { givenEnrolled } from "../../helpers/given";
import { payloadBase } from "../../helpers/step-payloads";

const KEYS: Record<Scope, string> = {
  ingest: "ingest-key-0123456789",
  viewer: "viewer-key-0123456789",
  rep: "rep-key-0123456789abc",
  admin: "admin-key-0123456789",
};
const t = engineForTests();
const http = httpOver(t, {
  auth: {
    apiKeys: (Object.keys(KEYS) as Scope[]).map((scope) => ({ name: scope, key: KEYS[scope], scope })),
    signingSecrets: [],
  },
});

/** GET `path` with `query` as `scope`: the status and the parsed body. */
async function get(path: string, query: Record<string, string> = {}, scope: Scope = "viewer") {
  const response = await route(http, apiRequest("GET", path, { key: KEYS[scope], query }));
  return { status: response.status, body: JSON.parse(response.body) };
}

const HANDOFF = {
  to: "sdr-follow-up",
  setStage: "sql",
  assign: "round-robin",
  notify: { slack: "sales-handoffs" },
};
const CALL = { id: "call", type: "task" as const, task: "call" as const, title: "Call Ana", seconds: 86_400 };

/**
 * On the memory store, through the engine's own use cases: six trial-nurture contacts a minute
 * apart; ra-1 got the welcome email, viewed the pricing page, was handed off to sdr-follow-up
 * (stage sql, owner rep-ana, Slack told) and got a call task that was posted to Slack.
 */
beforeAll(async () => {
  t.deps.store = new MemoryContactStore({ clock: t.clock });
  const { enrollmentId } = await welcomeSent(t, "ra-1");
  await t.deps.store.updateContact("ra-1", { firstName: "Ana", company: "Globex" }, t.later());
  for (let n = 2; n <= 6; n++) {
    t.later();
    await givenEnrolled(t.deps, `ra-${n}`, "trial-nurture", { owner: n % 2 ? "rep-raj" : "rep-maya" });
  }
  const event = { id: "view-1", contactId: "ra-1", event: "page.view", properties: { path: "/pricing" } };
  const body = JSON.stringify(event);
  t.later();
  expect((await route(http, apiRequest("POST", "/events", { key: KEYS.ingest, body }))).status).toBe(202);
  t.later();
  await stepHandlers(t.deps).handoff({ ...payloadBase("ra-1", enrollmentId), handoff: HANDOFF });
  t.later();
  const sequence = payloadBase("ra-1", "sdr-follow-up.1", "sdr-follow-up");
  await stepHandlers(t.deps).task({
    ...sequence,
    taskToken: "token-1",
    step: { ...CALL, notify: { slack: "sales-tasks" } },
  });
});

describe("GET /contacts/{id}", () => {
  it("answers the contact in full: profile, stage, score, owner, enrollments and its timeline in time order", async () => {
    const { status, body } = await get("/contacts/ra-1");
    expect(status).toBe(200);
    expect(body).toMatchObject({
      contact: { id: "ra-1", email: "ra-1@example.com", firstName: "Ana", company: "Globex" },
      stage: "sql",
      owner: "rep-ana",
    });
    expect(body.score).toBeGreaterThan(0);
    expect(
      body.enrollments.map((e: { workflow: string; status: string }) => `${e.workflow}:${e.status}`),
    ).toEqual(["sdr-follow-up:active", "trial-nurture:handed-off"]);
    const kinds = body.timeline.map((entry: { kind: string }) => entry.kind);
    for (const kind of [
      "enrolled",
      "email.sent",
      "page.view",
      "stage.changed",
      "ended",
      "handoff",
      "slack.posted",
      "task.created",
      "score.changed",
    ])
      expect(kinds).toContain(kind);
    const times = body.timeline.map((entry: { at: string }) => entry.at);
    expect(times).toEqual([...times].sort());
    const texts = body.timeline.map((entry: { text: string }) => entry.text);
    expect(texts).toContain("Handed off from trial-nurture to sdr-follow-up");
    expect(texts).toContain("Viewed /pricing");
    expect(texts.find((text: string) => text.startsWith("Sent "))).toMatch(/\(trial-nurture \/ welcome\)$/);
    expect(texts.filter((text: string) => text.startsWith("Posted"))).toHaveLength(2);
  });

  it("404 for an unknown contact, 400 for a parameter it does not take", async () => {
    expect((await get("/contacts/nobody")).status).toBe(404);
    const extra = await get("/contacts/ra-1", { verbose: "1" });
    expect(extra).toMatchObject({ status: 400, body: { error: "invalid-request" } });
    expect(extra.body.reason).toMatch(/verbose/);
  });
});

describe("GET /contacts", () => {
  it("lists every contact newest stage change first, page after page", async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await get("/contacts", { limit: "2", ...(cursor ? { cursor } : {}) });
      expect(status).toBe(200);
      ids.push(...body.contacts.map((c: { id: string }) => c.id));
      cursor = body.cursor;
      pages++;
    } while (cursor);
    expect(ids).toEqual(["ra-1", "ra-6", "ra-5", "ra-4", "ra-3", "ra-2"]);
    expect(pages).toBe(3);
  });

  it("filters by stage, owner, account and email, and shows what a list shows", async () => {
    const sql = await get("/contacts", { stage: "sql" });
    expect(sql.body.contacts).toEqual([
      {
        id: "ra-1",
        email: "ra-1@example.com",
        name: "Ana",
        stage: "sql",
        score: expect.any(Number),
        owner: "rep-ana",
        // Its email's domain (src/core/accounts.ts).
        account: "example.com",
      },
    ]);
    const raj = await get("/contacts", { owner: "rep-raj", stage: "subscriber" });
    expect(raj.body.contacts.map((c: { id: string }) => c.id)).toEqual(["ra-5", "ra-3"]);
    await t.deps.store.updateContact("ra-4", { account: "globex.example" }, t.clock.now().toISOString());
    expect((await get("/contacts", { account: "globex.example" })).body.contacts).toHaveLength(1);
    expect((await get("/contacts", { email: "RA-2@example.com" })).body.contacts[0].id).toBe("ra-2");
    expect((await get("/contacts", { email: "nobody@example.com" })).body).toEqual({ contacts: [] });
  });

  it("400 for a bad limit, a cursor it did not give, an unknown stage or owner", async () => {
    const refused: Array<Record<string, string>> = [
      { limit: "0" },
      { limit: "101" },
      { limit: "ten" },
      { cursor: "forged" },
      { cursor: "a b" },
      { stage: "nowhere" },
      { owner: "rep-nobody" },
      { sort: "name" },
    ];
    for (const query of refused) {
      const { status, body } = await get("/contacts", query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body.reason).toMatch(new RegExp(Object.keys(query)[0]!));
    }
    const { body } = await get("/contacts", { limit: "1" });
    expect((await get("/contacts", { owner: "rep-raj", cursor: body.cursor })).status).toBe(400);
  });
});

describe("GET /tasks", () => {
  it("answers the owner's open tasks, or those of a status", async () => {
    const open = await get("/tasks", { owner: "rep-ana" });
    // The handoff's lead awaiting an answer (the SLA) and the sequence's call task.
    expect(open.body.tasks).toEqual([
      expect.objectContaining({ contactId: "ra-1", kind: "accept", status: "open" }),
      expect.objectContaining({ contactId: "ra-1", title: "Call Ana", kind: "call", status: "open" }),
    ]);
    expect((await get("/tasks", { owner: "rep-ana", status: "completed" })).body.tasks).toEqual([]);
    expect((await get("/tasks", { owner: "rep-ana", status: "all" })).body.tasks).toHaveLength(2);
  });

  it("400 without an owner, for an owner id settings.owners does not have, or a status it does not know", async () => {
    expect((await get("/tasks")).body.reason).toMatch(/owner is required: settings.owners has rep-ana/);
    expect((await get("/tasks", { owner: "rep-nobody" })).body.reason).toMatch(/settings\.owners/);
    expect((await get("/tasks", { owner: "rep-ana", status: "done" })).status).toBe(400);
  });
});

describe("GET /reports/*", () => {
  it("answers each report for the default period, the last 30 days", async () => {
    const today = t.clock.now().toISOString().slice(0, 10);
    const funnel = await get("/reports/funnel", { workflow: "trial-nurture" });
    expect(funnel).toMatchObject({ status: 200, body: { workflow: "trial-nurture", to: today } });
    expect(funnel.body.daily).toHaveLength(30);
    const stages = await get("/reports/stages", { from: "2026-03-01", to: "2026-03-03T23:00:00Z" });
    expect(stages.body).toMatchObject({ from: "2026-03-01", to: "2026-03-03" });
    expect(Object.keys(stages.body.stages)).toEqual(t.deps.catalog.scoring.stages);
    expect((await get("/reports/sla")).body).toMatchObject({ to: today, owners: expect.any(Array) });
    expect((await get("/reports/accounts", { limit: "10" })).body).toEqual({ accounts: expect.any(Array) });
    const all = await get("/reports/attribution", { by: "campaign" });
    expect(all.body).toMatchObject({ by: "campaign", conversions: 0, revenue: 0 });
    // data-driven is by channel only (issue 15): by campaign, the seven per-conversion models.
    expect(Object.keys(all.body.models)).toHaveLength(7);
    expect(all.body.models["data-driven"]).toBeUndefined();
    const one = await get("/reports/attribution", { model: "linear" });
    expect(one.body).toMatchObject({ by: "channel", models: { linear: {} } });
  });

  it("400 naming the parameter: bad dates, a reversed or too long period, an unknown workflow, model or by", async () => {
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ["/reports/funnel", {}, /workflow is required: one of .*trial-nurture/],
      ["/reports/funnel", { workflow: "nope" }, /no workflow 'nope': one of .*sdr-follow-up/],
      ["/reports/stages", { from: "2026-02-30" }, /^from is a day/],
      ["/reports/stages", { to: "yesterday" }, /^to is a day/],
      ["/reports/stages", { from: "2026-03-02", to: "2026-03-01" }, /to \(2026-03-01\) is before from/],
      ["/reports/sla", { from: "2025-01-01", to: "2026-03-01" }, /at most 366 days/],
      ["/reports/accounts", { limit: "500" }, /limit/],
      ["/reports/attribution", { model: "last-click" }, /model 'last-click' is not one of first-touch/],
      ["/reports/attribution", { by: "region" }, /by 'region'/],
      ["/reports/stages", { workflow: "trial-nurture" }, /unknown parameter 'workflow'/],
    ];
    for (const [path, query, reason] of cases) {
      const { status, body } = await get(path, query);
      expect({ path, query, status, reason: body.reason }).toMatchObject({
        status: 400,
        reason: expect.stringMatching(reason),
      });
    }
  });
});

describe("the read API's keys", () => {
  const routes = [
    "/contacts/ra-1",
    "/contacts",
    "/tasks?owner=rep-ana",
    "/reports/funnel?workflow=trial-nurture",
    "/reports/stages",
    "/reports/sla",
    "/reports/accounts",
    "/reports/attribution",
  ];
  it("an ingest key gets 403 naming viewer; viewer, rep and admin keys read", async () => {
    for (const target of routes) {
      const [path, search] = target.split("?") as [string, string?];
      const query = Object.fromEntries(new URLSearchParams(search ?? ""));
      const refused = await get(path, query, "ingest");
      expect(refused, target).toMatchObject({ status: 403, body: { needs: "viewer" } });
      for (const scope of ["viewer", "rep", "admin"] as const)
        expect((await get(path, query, scope)).status, target).toBe(200);
    }
  });

  it("401 without a key, 405 for another method", async () => {
    const response = await route(http, apiRequest("GET", "/reports/stages"));
    expect(response.status).toBe(401);
    const post = await route(http, apiRequest("POST", "/reports/stages", { key: KEYS.viewer }));
    expect(post).toMatchObject({ status: 405, headers: { allow: "GET" } });
    const put = await route(http, apiRequest("PUT", "/contacts/ra-1", { key: KEYS.viewer }));
    expect(put).toMatchObject({ status: 405, headers: { allow: "GET, DELETE" } });
  });
});
