import { describe, expect, it } from "vitest";
import { route } from "../../../src/adapters/http/router";
import type { HttpDeps, HttpResponse } from "../../../src/adapters/http/types";
import type { ContactStore } from "../../../src/core/contact-store";
import {
  identifyVisitor,
  recordVisitorEvent,
  visitorContactId,
  visitorKey,
} from "../../../src/core/engine/visitors";
import type { TrackingSettings } from "../../../src/core/language";
import { apiRequest } from "../../helpers/api-request";
import { engineForTests, httpOver } from "../../helpers/engine";

// Website tracking (docs/website-tracking.md) through the real router, on dynalite: the sample
// site key of workflows/settings.json, whose origins are the local page server's.
const SITE = "acme-local-site";
const ORIGIN = "http://localhost:4700";
const PAGE = `${ORIGIN}/pricing`;

const t = engineForTests();
const http = httpOver(t, { auth: { apiKeys: [], signingSecrets: [] } });

/** The same API with other tracking settings. */
function withTracking(tracking: TrackingSettings): HttpDeps {
  return {
    auth: http.auth,
    get engine() {
      const { catalog } = t.deps;
      return { ...t.deps, catalog: { ...catalog, settings: { ...catalog.settings, tracking } } };
    },
  };
}

let calls = 0;
const callId = () => `call-${String(++calls).padStart(6, "0")}`;
let visitors = 0;
const newVisitor = () => `visitor-${String(++visitors).padStart(10, "0")}`;

type Call = Record<string, unknown>;
const page = (url = PAGE, more: Call = {}): Call => ({
  type: "page",
  id: callId(),
  url,
  title: "Pricing",
  ...more,
});
const track = (event: string, properties?: Call): Call => ({
  type: "track",
  id: callId(),
  event,
  properties,
});
const identify = (traits: Call): Call => ({ type: "identify", id: callId(), traits });

/** POST /t as the script sends it (text/plain), a second after the last (each second has its own rate count). */
async function collect(
  visitor: string,
  batch: Call[],
  options: { origin?: string; site?: string; deps?: HttpDeps; consent?: boolean } = {},
): Promise<HttpResponse> {
  t.later(1);
  const body = {
    site: options.site ?? SITE,
    visitor,
    calls: batch,
    ...(options.consent ? { consent: true } : {}),
  };
  const headers = { origin: options.origin ?? ORIGIN, "content-type": "text/plain;charset=UTF-8" };
  return route(options.deps ?? http, apiRequest("POST", "/t", { body: JSON.stringify(body), headers }));
}

const resultsOf = (response: HttpResponse) =>
  (JSON.parse(response.body) as { results: Array<{ status: string; reason?: string }> }).results;

describe("GET /t.js", () => {
  it("serves the script to anyone, with settings.tracking.requireConsent filled in", async () => {
    const served = await route(
      http,
      apiRequest("GET", "/t.js", { headers: { origin: "https://elsewhere.example" } }),
    );
    expect(served.status).toBe(200);
    expect(served.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(served.body).toMatch(/\(false,window,document\);$/);
    const strict = await route(withTracking({ sites: [], requireConsent: true }), apiRequest("GET", "/t.js"));
    expect(strict.body).toMatch(/\(true,window,document\);$/);
  });
});

describe("POST /t and OPTIONS /t: only a site key's origins", () => {
  it("refuses an origin the key does not list, an unknown key, and a request without Origin: 403, no CORS, nothing kept", async () => {
    const visitor = newVisitor();
    for (const options of [{ origin: "https://evil.example" }, { site: "unknown-site-key" }]) {
      const answer = await collect(visitor, [page()], options);
      expect(answer.status).toBe(403);
      expect(answer.headers["access-control-allow-origin"]).toBeUndefined();
    }
    const bare = apiRequest("POST", "/t", { body: JSON.stringify({ site: SITE, visitor, calls: [page()] }) });
    expect((await route(http, bare)).status).toBe(403);
    expect(await t.deps.store.listEvents(visitorKey(visitor))).toEqual([]);
  });

  it("answers a listed origin with its CORS header, and its preflight; any other preflight gets 403", async () => {
    const answer = await collect(newVisitor(), [page()]);
    expect(answer.status).toBe(202);
    expect(answer.headers["access-control-allow-origin"]).toBe(ORIGIN);
    const preflight = await route(http, apiRequest("OPTIONS", "/t", { headers: { origin: ORIGIN } }));
    expect(preflight.status).toBe(204);
    expect(preflight.headers["access-control-allow-origin"]).toBe(ORIGIN);
    expect(preflight.headers["access-control-allow-methods"]).toBe("POST");
    const other = await route(
      http,
      apiRequest("OPTIONS", "/t", { headers: { origin: "https://evil.example" } }),
    );
    expect(other.status).toBe(403);
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("holds a site key to its rate: past it in one second, 429", async () => {
    const deps = withTracking({ sites: [{ key: "rated-site-key", origins: [ORIGIN], rate: 2 }] });
    const send = () =>
      route(
        deps,
        apiRequest("POST", "/t", {
          body: JSON.stringify({ site: "rated-site-key", visitor: newVisitor(), calls: [page()] }),
          headers: { origin: ORIGIN, "content-type": "text/plain" },
        }),
      );
    t.later(1);
    expect([(await send()).status, (await send()).status, (await send()).status]).toEqual([202, 202, 429]);
    t.later(1);
    expect((await send()).status).toBe(202);
  });

  it("with requireConsent, refuses a batch that does not say consent: true", async () => {
    const deps = withTracking({ sites: [{ key: SITE, origins: [ORIGIN] }], requireConsent: true });
    const refused = await collect(newVisitor(), [page()], { deps });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).error).toBe("consent-required");
    expect((await collect(newVisitor(), [page()], { deps, consent: true })).status).toBe(202);
  });
});

describe("what a site key may send", () => {
  it("refuses the events Handoff records itself and the conversions; takes any other", async () => {
    const visitor = newVisitor();
    const reserved = [
      "email.click",
      "task.completed",
      "lead.accepted",
      "stage.changed",
      "visitor.identified",
      "deal.won",
    ];
    const answer = await collect(visitor, [
      ...reserved.map((name) => track(name)),
      track("webinar.registered"),
    ]);
    expect(answer.status).toBe(202);
    const results = resultsOf(answer);
    expect(results.slice(0, reserved.length).map((r) => r.status)).toEqual(reserved.map(() => "rejected"));
    expect(results.at(-1)!.status).toBe("stored");
    expect((await t.deps.store.listEvents(visitorKey(visitor))).map((e) => e.name)).toEqual([
      "webinar.registered",
    ]);
  });

  it("identify sets who the visitor is, never its owner, stage, account or id", async () => {
    for (const field of [{ owner: "rep-ana" }, { stage: "sql" }, { account: "acme" }, { id: "c-9" }]) {
      const answer = await collect(newVisitor(), [identify({ email: "who@example.com", ...field })]);
      expect(answer.status, JSON.stringify(field)).toBe(400);
    }
  });
});

describe("anonymous visitors, merged on identify", () => {
  it("keeps a visitor's page views raw, then moves history, touches and score to the contact it is identified as", async () => {
    const visitor = newVisitor();
    const landing = `${ORIGIN}/?utm_source=newsletter&utm_medium=email&utm_campaign=spring`;
    await collect(visitor, [page(landing, { landing: true, referrer: "https://www.google.com/" })]);
    await collect(visitor, [page(PAGE, { referrer: `${ORIGIN}/` })]);
    const raw = await t.deps.store.listEvents(visitorKey(visitor));
    expect(raw.map((e) => e.properties.path)).toEqual(["/", "/pricing"]);
    expect(raw[0]!.properties).toMatchObject({ source: "newsletter", medium: "email", campaign: "spring" });
    expect(raw[1]!.properties.channel).toBeUndefined();

    const email = "merge-me@example.com";
    const answer = await collect(visitor, [
      identify({ email, firstName: "Mia" }),
      track("form.submitted", { form: "demo" }),
    ]);
    expect(resultsOf(answer).map((r) => r.status)).toEqual(["identified", "stored"]);
    const contactId = visitorContactId(email);
    const view = (await t.deps.store.getContactView(contactId))!;
    expect(view.contact).toMatchObject({ email, firstName: "Mia" });
    expect(view.events.map((e) => e.name)).toEqual(["page.view", "page.view", "form.submitted"]);
    expect(view.events.map((e) => e.id)).toEqual(raw.map((e) => e.id).concat(view.events[2]!.id));
    expect(view.events[0]!.properties).toMatchObject({ source: "newsletter", campaign: "spring" });
    // scoring.json: a view of /pricing is worth 10 points.
    expect(view.contact.score).toBeGreaterThanOrEqual(10);
    expect(await t.deps.store.listEvents(visitorKey(visitor))).toEqual([]);

    // Identified: later events go straight to the contact; a repeated identify moves nothing twice.
    await collect(visitor, [page(`${ORIGIN}/docs`), identify({ email })]);
    const after = await t.deps.store.listEvents(contactId);
    expect(after.map((e) => e.properties.path ?? e.name)).toEqual([
      "/",
      "/pricing",
      "form.submitted",
      "/docs",
    ]);
  });

  it("identifying as a known contact merges into it and fills only the fields it lacks", async () => {
    const known = await t.deps.store.findContactByEmail("merge-me@example.com");
    const visitor = newVisitor();
    await collect(visitor, [page(`${ORIGIN}/blog`, { landing: true })]);
    await collect(visitor, [
      identify({ email: "Merge-Me@example.com", firstName: "Other", lastName: "Lee" }),
    ]);
    const contact = (await t.deps.store.getContact(known!.id))!;
    expect(contact).toMatchObject({ firstName: "Mia", lastName: "Lee" });
    const events = await t.deps.store.listEvents(known!.id);
    expect(events.find((e) => e.properties.path === "/blog")?.properties.channel).toBe("direct");
  });

  it("an event kept raw just as an identify merges (after it listed) still reaches the contact, once", async () => {
    const visitor = newVisitor();
    const email = "racer@example.com";
    const { store } = t.deps;
    // The identify runs between this event's reading of the link (none yet) and its raw write.
    const racing = new Proxy(store, {
      get(target, name) {
        if (name !== "recordEvent") return Reflect.get(target, name);
        const recordEvent: ContactStore["recordEvent"] = async (event) => {
          if (event.contactId === visitorKey(visitor)) await identifyVisitor(t.deps, visitor, { email });
          return target.recordEvent(event);
        };
        return recordEvent;
      },
    });
    const event = { id: "web:race-1", name: "page.view", at: t.later(), properties: { path: "/race" } };
    const outcome = await recordVisitorEvent({ ...t.deps, store: racing }, visitor, event);
    expect(outcome.contactId).toBe(visitorContactId(email));
    expect((await store.listEvents(visitorContactId(email))).map((e) => e.id)).toEqual(["web:race-1"]);
    expect(await store.listEvents(visitorKey(visitor))).toEqual([]);
  });
});
