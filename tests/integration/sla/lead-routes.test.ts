import { describe, expect, it } from "vitest";
import { parseApiKeys } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import type { HttpDeps } from "../../../src/adapters/http/types";
import { acceptTaskId } from "../../../src/core/engine/sla";
import { apiRequest } from "../../helpers/api-request";
import { handedOff, slaEngine } from "../../helpers/sla-engine";

const REP = "rep-key-0123456789abcdef";
const VIEWER = "viewer-key-0123456789abcdef";

function api() {
  const t = slaEngine();
  const apiKeys = parseApiKeys(
    JSON.stringify([
      { name: "ana", key: REP, scope: "rep" },
      { name: "dash", key: VIEWER, scope: "viewer" },
    ]),
  );
  const http: HttpDeps = { engine: t.deps, auth: { apiKeys, signingSecrets: [] } };
  return { ...t, http };
}

/** The lead page's path from the handoff's Slack message. */
function leadPagePath(posts: Array<{ channel: string; text: string }>): string {
  const url = /<(https:[^|>]+)\|Accept or reject>/.exec(
    posts.find((p) => p.channel === "sales-handoffs")!.text,
  )![1]!;
  return new URL(url).pathname;
}

const form = (path: string, body: string) => ({
  method: "POST",
  path,
  query: {},
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body,
});

describe("POST /leads/{contactId}/accept and /reject", () => {
  it("needs scope rep; 404 without a lead awaiting an answer; 400 for a missing or overlong reason; 200 with the answer", async () => {
    const t = api();
    await handedOff(t.deps, "c1");
    const accept = (id: string, key = REP) =>
      route(t.http, apiRequest("POST", `/leads/${id}/accept`, { key }));
    const reject = (id: string, body: unknown) =>
      route(t.http, apiRequest("POST", `/leads/${id}/reject`, { key: REP, body: JSON.stringify(body) }));
    expect((await accept("c1", VIEWER)).status).toBe(403);
    expect((await route(t.http, apiRequest("GET", "/leads/c1/accept", { key: REP }))).status).toBe(405);
    expect((await accept("nobody")).status).toBe(404);
    expect((await reject("c1", {})).status).toBe(400);
    expect((await reject("c1", { reason: "   " })).status).toBe(400);
    expect((await reject("c1", { reason: "x".repeat(101) })).status).toBe(400);
    const accepted = await accept("c1");
    expect([accepted.status, JSON.parse(accepted.body)]).toEqual([
      200,
      { contactId: "c1", status: "accepted" },
    ]);
    expect(JSON.parse((await accept("c1")).body)).toEqual({ contactId: "c1", status: "already" });
    expect((await reject("c1", { reason: "no budget" })).status).toBe(404);
    await handedOff(t.deps, "c2");
    const rejected = await reject("c2", { reason: "no budget", by: "ana" });
    expect([rejected.status, JSON.parse(rejected.body)]).toEqual([
      200,
      { contactId: "c2", status: "rejected" },
    ]);
  });
});

describe("the lead page GET/POST /l/{token} of the handoff's Slack message", () => {
  it("shows the lead with two buttons (a GET answers nothing), accepts on the button, and refuses a forged token", async () => {
    const t = api();
    const sequence = await handedOff(t.deps, "c3");
    const path = leadPagePath(t.slack.posts);
    const shown = await route(t.http, { method: "GET", path, query: {}, headers: {}, body: "" });
    expect(shown.status).toBe(200);
    expect(shown.body).toContain("Ana");
    expect(shown.body).toContain('value="accept"');
    expect(shown.body).toContain('value="reject"');
    expect((await t.store.getTask(acceptTaskId(sequence)))?.status).toBe("open");
    expect((await route(t.http, form(path, "answer=reject&reason="))).status).toBe(400);
    const done = await route(t.http, form(path, "answer=accept"));
    expect([done.status, done.body.includes("Lead accepted")]).toEqual([200, true]);
    expect((await t.store.getTask(acceptTaskId(sequence)))?.status).toBe("completed");
    const forged = `${path.slice(0, -4)}AAAA`;
    expect(
      (await route(t.http, { method: "GET", path: forged, query: {}, headers: {}, body: "" })).status,
    ).toBe(400);
  });

  it("rejects with the reason typed on the page; an expired link is refused", async () => {
    const t = api();
    const sequence = await handedOff(t.deps, "c4");
    const path = leadPagePath(t.slack.posts);
    const done = await route(t.http, form(path, "answer=reject&reason=not+a+fit"));
    expect(done.status).toBe(200);
    expect((await t.store.getEnrollment("c4", sequence.id))?.status).toBe("stopped");
    t.clock.advance(8 * 86400);
    expect((await route(t.http, { method: "GET", path, query: {}, headers: {}, body: "" })).status).toBe(410);
  });
});
