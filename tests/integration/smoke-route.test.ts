import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { route } from "../../src/adapters/http/router";
import type { HttpDeps, HttpResponse } from "../../src/adapters/http/types";
import type { SmokeLinks } from "../../src/core/engine/smoke-links";
import {
  SMOKE_CAMPAIGN,
  SMOKE_CONTINUE_EVENT,
  SMOKE_HANDOFF_EVENT,
  SMOKE_LINK_TAG,
  SMOKE_LINK_TARGET,
  SMOKE_SEQUENCE,
  SMOKE_STEPS,
} from "../../src/core/smoke";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { apiRequest } from "../helpers/api-request";
import { linkRequest, oneClickUnsubscribe } from "../helpers/email-links";
import { REPO } from "../helpers/workspace";

// The built-in smoke workflows in the local runtime (memory backend, the compiled ASL), driven
// through the HTTP API as `handoff smoke` drives a stage: POST /enroll, GET /smoke/contacts/{id},
// the links it gives through the real link routes, and the two smoke events through POST /events.

const START = "2026-03-02T15:00:00Z";
const ADMIN = "smoke-admin-key-0123456789";
const VIEWER = "smoke-viewer-key-0123456789";
const MINUTE = 60_000;
let rt: LocalRuntime;
let http: HttpDeps;

const call = (method: string, path: string, body?: unknown, key: string = ADMIN) =>
  route(
    http,
    apiRequest(method, path, { key, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }),
  );
const parsed = (response: HttpResponse) => JSON.parse(response.body);
const smokeAddress = (label: string) => `success+${label}@simulator.amazonses.com`;
const advance = (ms: number) => rt.runUntil(rt.clock.now().getTime() + ms);

async function enroll(id: string, email: string, workflow = SMOKE_CAMPAIGN): Promise<void> {
  const answer = await call("POST", "/enroll", { workflow, contact: { id, email } });
  expect(answer.status, answer.body).toBe(201);
}

async function smokeLinks(id: string): Promise<SmokeLinks> {
  const answer = await call("GET", `/smoke/contacts/${id}`);
  expect(answer.status, answer.body).toBe(200);
  return parsed(answer);
}

async function contact(id: string) {
  return parsed(await call("GET", `/contacts/${id}`, undefined, VIEWER));
}

/** The path of an emailed link: the request its host (the links domain) hands the API. */
const pathOf = (url: string) => new URL(url).pathname;

beforeAll(async () => {
  rt = await LocalRuntime.start({ cwd: REPO, start: START, backend: "memory" });
  http = rt.http({
    apiKeys: [
      { name: "ops", key: ADMIN, scope: "admin" },
      { name: "board", key: VIEWER, scope: "viewer" },
    ],
    signingSecrets: [],
  });
}, 60_000);
afterAll(async () => rt?.close());

describe("GET /smoke/contacts/{id}: a smoke contact's email links", () => {
  it("answers no-email-yet before the first email, then the first email's links, minted as the email's", async () => {
    await enroll("smoke-links", smokeAddress("links"));
    const before = await call("GET", "/smoke/contacts/smoke-links");
    expect(before.status).toBe(404);
    expect(parsed(before).error).toBe("no-email-yet");
    await advance(MINUTE);
    const links = await smokeLinks("smoke-links");
    expect(links).toMatchObject({
      contactId: "smoke-links",
      email: smokeAddress("links"),
      workflow: SMOKE_CAMPAIGN,
      step: SMOKE_STEPS.first,
    });
    expect(links.clicks.map((c) => c.link)).toEqual([SMOKE_LINK_TAG]);
    const base = rt.deps.catalog.settings.links.baseUrl;
    expect(links.unsubscribeUrl.startsWith(`${base}/u/`)).toBe(true);
    expect(links.clicks[0]!.url.startsWith(`${base}/r/`)).toBe(true);
    // The local runtime's stage takes replies: the email's reply address, on the reply domain.
    expect(links.replyAddress).toMatch(/^reply\+[^@]+@reply\.handoff\.local$/);
    // The email itself carried a link with the same tag and an unsubscribe link to the same route.
    const email = rt.mailbox?.sent.find((m) => m.to === smokeAddress("links"));
    expect(email?.html).toContain(`${base}/r/`);
    expect(email?.headers?.["List-Unsubscribe"]).toContain(`${base}/u/`);
  });

  it("its click URL redirects to the smoke target through GET /r/ and the timeline shows the click", async () => {
    await advance(MINUTE); // past the link scanners' window, as a person's click is
    const links = await smokeLinks("smoke-links");
    const answer = await route(http, linkRequest("GET", pathOf(links.clicks[0]!.url)));
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toBe(SMOKE_LINK_TARGET);
    const kinds = (await contact("smoke-links")).timeline.map((e: { kind: string }) => e.kind);
    expect(kinds).toContain("email.clicked");
  });

  it("its unsubscribe URL unsubscribes through a one-click POST /u/", async () => {
    const links = await smokeLinks("smoke-links");
    const token = pathOf(links.unsubscribeUrl).replace(/^\/u\//, "");
    const answer = await route(http, oneClickUnsubscribe(token));
    expect(answer.status).toBeGreaterThanOrEqual(200);
    expect(answer.status).toBeLessThan(300);
    const view = await rt.deps.store.getContactView("smoke-links");
    expect(view?.contact.consent.status).toBe("unsubscribed");
    expect(view?.contact.suppressed).toBe("unsubscribed");
  });

  it("refuses what is not a smoke contact's (404 with the reason) and a key without the admin scope (403)", async () => {
    await enroll("real-person", "pat@example.com", "long-term-nurture");
    await advance(MINUTE);
    const notSmoke = await call("GET", "/smoke/contacts/real-person");
    expect(notSmoke.status).toBe(404);
    expect(parsed(notSmoke)).toMatchObject({ error: "not-a-smoke-contact" });
    expect(parsed(notSmoke).reason).toMatch(/simulator\.amazonses\.com/);
    const unknown = await call("GET", "/smoke/contacts/nobody-here");
    expect(unknown.status).toBe(404);
    expect(parsed(unknown).error).toBe("unknown-contact");
    const viewer = await call("GET", "/smoke/contacts/smoke-links", undefined, VIEWER);
    expect(viewer.status).toBe(403);
    expect(parsed(viewer).needs).toBe("admin");
  });
});

describe("the smoke campaign's pauses", () => {
  it("SMOKE_CONTINUE_EVENT ends the hold at once: the after-hold email goes out instead of after 7 days", async () => {
    await enroll("smoke-continue", smokeAddress("continue"));
    await advance(MINUTE);
    expect((await smokeLinks("smoke-continue")).step).toBe(SMOKE_STEPS.first);
    await advance(10 * MINUTE);
    expect((await smokeLinks("smoke-continue")).step).toBe(SMOKE_STEPS.first);
    const posted = await call("POST", "/events", {
      id: "smoke-continue-1",
      contactId: "smoke-continue",
      event: SMOKE_CONTINUE_EVENT,
    });
    expect(posted.status, posted.body).toBeLessThan(300);
    await advance(MINUTE);
    expect(await smokeLinks("smoke-continue")).toMatchObject({
      workflow: SMOKE_CAMPAIGN,
      step: SMOKE_STEPS.afterHold,
    });
  });

  it("SMOKE_HANDOFF_EVENT mid-pause ends the campaign handed-off and the smoke sequence sends its email", async () => {
    await enroll("smoke-handoff", smokeAddress("handoff"));
    await advance(10 * MINUTE);
    const posted = await call("POST", "/events", {
      id: "smoke-handoff-1",
      contactId: "smoke-handoff",
      event: SMOKE_HANDOFF_EVENT,
    });
    expect(posted.status, posted.body).toBeLessThan(300);
    await advance(MINUTE);
    const { enrollments } = await contact("smoke-handoff");
    const campaign = enrollments.find((e: { workflow: string }) => e.workflow === SMOKE_CAMPAIGN);
    expect(campaign).toMatchObject({ status: "handed-off" });
    expect(await smokeLinks("smoke-handoff")).toMatchObject({
      workflow: SMOKE_SEQUENCE,
      step: SMOKE_STEPS.firstTouch,
    });
  });
});

describe("a smoke run stays inside the smoke workflows", () => {
  it("no rule enrolls a smoke contact (simulator or reply-domain address) in a marketer's campaign (a real contact with the same event is)", async () => {
    await enroll("smoke-rules", smokeAddress("rules"));
    // The reply check's second contact: an address at the stage's own reply domain.
    await enroll("reply-domain-rules", `reply+rules@${rt.deps.replyDomain}`);
    await enroll("real-rules", "sam@example.com", "long-term-nurture");
    await advance(MINUTE);
    for (const contactId of ["smoke-rules", "reply-domain-rules", "real-rules"]) {
      const posted = await call("POST", "/events", {
        id: `trial-${contactId}`,
        contactId,
        event: "trial.started",
      });
      expect(posted.status, posted.body).toBeLessThan(300);
    }
    await advance(MINUTE);
    const workflows = async (id: string) =>
      (await contact(id)).enrollments.map((e: { workflow: string }) => e.workflow).sort();
    expect(await workflows("smoke-rules")).toEqual([SMOKE_CAMPAIGN]);
    expect(await workflows("reply-domain-rules")).toEqual([SMOKE_CAMPAIGN]);
    expect(await workflows("real-rules")).toEqual(["long-term-nurture", "trial-nurture"]);
  });

  it("a smoke handoff of a contact with an owner creates no accept task (so no tracker task, no SLA post)", async () => {
    const answer = await call("POST", "/enroll", {
      workflow: SMOKE_CAMPAIGN,
      contact: { id: "smoke-owned", email: smokeAddress("owned"), owner: "rep-ana" },
    });
    expect(answer.status, answer.body).toBe(201);
    await advance(MINUTE);
    await call("POST", "/events", {
      id: "smoke-owned-1",
      contactId: "smoke-owned",
      event: SMOKE_HANDOFF_EVENT,
    });
    await advance(MINUTE);
    expect(await smokeLinks("smoke-owned")).toMatchObject({
      workflow: SMOKE_SEQUENCE,
      step: SMOKE_STEPS.firstTouch,
    });
    const query = { owner: "rep-ana", status: "all" };
    const tasks = parsed(await route(http, apiRequest("GET", "/tasks", { key: VIEWER, query }))).tasks;
    expect(tasks.filter((task: { contactId: string }) => task.contactId === "smoke-owned")).toEqual([]);
  });
  it("enrolls only smoke contacts in the smoke workflows: a real address is refused (409), so an ingest key cannot mail people the smoke email", async () => {
    const ingest = { name: "crm", key: "smoke-ingest-key-0123456789", scope: "ingest" as const };
    http = { ...http, auth: { ...http.auth, apiKeys: [...http.auth.apiKeys, ingest] } };
    for (const workflow of [SMOKE_CAMPAIGN, SMOKE_SEQUENCE]) {
      const body = { workflow, contact: { id: `real-${workflow}`, email: "ana@example.com" } };
      const answer = await call("POST", "/enroll", body, ingest.key);
      expect(answer.status, answer.body).toBe(409);
      expect(parsed(answer).results[0].reason).toMatch(/built-in smoke test.*mailbox simulator/);
    }
    expect(rt.mailbox!.sent.filter((email) => email.to === "ana@example.com")).toEqual([]);
  });
  it("a smoke contact is never promoted by scoring nor given an account (so no stage.changed webhook, no account in reports)", async () => {
    await enroll("smoke-score", smokeAddress("score"));
    await advance(MINUTE);
    // trial.started promotes a real contact to lead at once (scoring.json's lead stage).
    const posted = await call("POST", "/events", {
      id: "trial-smoke-score",
      contactId: "smoke-score",
      event: "trial.started",
    });
    expect(posted.status, posted.body).toBeLessThan(300);
    await advance(MINUTE);
    const detail = await contact("smoke-score");
    expect(detail.stage).toBe("subscriber");
    expect(detail.account ?? null).toBeNull();
  });
});
