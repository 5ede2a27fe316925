import { beforeAll, describe, expect, it } from "vitest";
import { SCANNER_WINDOW_SECONDS } from "../../../src/adapters/http/click";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import { evaluateCondition } from "../../../src/core/conditions";
import { EVENT_READ_LIMIT } from "../../../src/core/engine/event-window";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { InterruptError } from "../../../src/core/errors";
import { computeScore } from "../../../src/core/scoring";
import { aroundMethods } from "../../../src/runtime/around-methods";
import { apiRequest } from "../../helpers/api-request";
import { countingStore } from "../../helpers/counting-store";
import { clickToken, linkRequest, oneClickUnsubscribe, unsubscribeToken } from "../../helpers/email-links";
import { engineForTests, httpOver, type SentWelcome, welcomeSent } from "../../helpers/engine";
import { engagedBranch } from "../../helpers/step-payloads";

// Issue 12, finding 2: one click link must not inflate events, scores or cost (dynalite).
const t = engineForTests();
const http = httpOver(t, { auth: { apiKeys: [], signingSecrets: [] } });
let counting: ReturnType<typeof countingStore>;
beforeAll(() => {
  counting = countingStore(t.deps.store);
  t.deps.store = counting.store;
});

const LINKS = { pricing: "https://acme.example/pricing", docs: "https://acme.example/docs" };

/** A contact in trial-nurture whose welcome email (with two tracked links) went out just now. */
const emailed = (id: string) => welcomeSent(t, id, LINKS);

const click = (key: SentWelcome, tag: string, method = "GET") =>
  route(http, linkRequest(method, `/r/${clickToken(t, key, tag)}`));

const unsubscribe = (key: SentWelcome) => route(http, oneClickUnsubscribe(unsubscribeToken(t, key)));

/** A branch on the contact's events: its step handler reads the contact's situation. */
const ENGAGED = engagedBranch({ event: "page.view", within: "30d" });

const clicks = async (contactId: string) =>
  (await t.deps.store.listEvents(contactId)).filter((e) => e.name === "email.click");

describe("tracked clicks count once per link and email", () => {
  it("counts repeated clicks of one link in one email once and runs no rules for the repeats; the redirect answers every time", async () => {
    const key = await emailed("lc-repeat");
    t.later(600);
    expect((await click(key, "pricing")).headers.location).toBe(LINKS.pricing);
    counting.reset();
    for (let i = 0; i < 4; i++) {
      t.later(60);
      const again = await click(key, "pricing");
      expect(again.status).toBe(302);
      expect(again.headers.location).toBe(LINKS.pricing);
    }
    expect(counting.counts.writes, "a repeated click writes nothing").toEqual([]);
    expect(counting.counts.calls, "a repeated click reads only its ledger entry").toEqual(
      Array(4).fill("getSend"),
    );
    expect((await clicks("lc-repeat")).map((e) => e.properties.link)).toEqual(["pricing"]);
    t.later(60);
    await click(key, "docs");
    expect((await clicks("lc-repeat")).map((e) => e.properties.link).sort()).toEqual(["docs", "pricing"]);
  });

  it("redirects a HEAD request without recording anything", async () => {
    const key = await emailed("lc-head");
    t.later(600);
    counting.reset();
    const head = await click(key, "pricing", "HEAD");
    expect(head.status).toBe(302);
    expect(head.headers.location).toBe(LINKS.pricing);
    expect(counting.counts.writes).toEqual([]);
    expect(await t.deps.store.listEvents("lc-head")).toEqual([]);
    t.later(60);
    await click(key, "pricing");
    expect(await clicks("lc-head")).toHaveLength(1);
  });

  it("takes a click seconds after the send for a link scanner's: not counted, and the person's later click still counts once", async () => {
    expect(SCANNER_WINDOW_SECONDS).toBeGreaterThanOrEqual(5);
    const key = await emailed("lc-scanner");
    t.later(2);
    for (const tag of ["pricing", "docs"]) {
      const scanned = await click(key, tag);
      expect(scanned.status).toBe(302);
      expect(scanned.headers.location).toBe(LINKS[tag as keyof typeof LINKS]);
    }
    expect(await t.deps.store.listEvents("lc-scanner"), "a scanner's prefetch is not engagement").toEqual([]);
    expect((await t.deps.store.getContact("lc-scanner"))?.stage).toBe("subscriber");
    t.later(3600);
    await click(key, "pricing");
    await click(key, "pricing");
    expect((await clicks("lc-scanner")).map((e) => e.properties.link)).toEqual(["pricing"]);
  });
});

describe("a click cut short", () => {
  it("is counted once when its request died before marking the link: the next click stores the same event id", async () => {
    const key = await emailed("lc-crash");
    t.later(600);
    const store = t.deps.store;
    t.deps.store = aroundMethods(store, async (name, _args, call) => {
      if (name === "markClick") throw new Error("throttled");
      return call();
    });
    await expect(click(key, "pricing")).rejects.toThrow(/throttled/);
    t.deps.store = store;
    t.later(60);
    await click(key, "pricing");
    t.later(60);
    await click(key, "pricing");
    const stored = await clicks("lc-crash");
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(["click:trial-nurture.1:welcome:pricing"]));
    expect(stored).toHaveLength(2);
    const now = t.clock.now();
    const once = computeScore(t.deps.catalog.scoring, stored.slice(0, 1), now);
    expect(computeScore(t.deps.catalog.scoring, stored, now)).toBe(once);
    const ctx = {
      contact: (await store.getContact("lc-crash"))!,
      score: once,
      stages: [],
      events: stored,
      now,
    };
    expect(evaluateCondition({ event: "email.click", link: "pricing", count: { eq: 1 } }, ctx)).toBe(true);
  });
});

describe("requests read a bounded part of a contact's partition", () => {
  it(`touches at most ${EVENT_READ_LIMIT} events per request for a contact with 1,500 stored events`, async () => {
    const key = await emailed("lc-heavy");
    const start = Date.parse(t.later(600)) - 86_400_000 * 300;
    const stored = Array.from({ length: 1500 }, (_, i) => ({
      id: `bulk-${i}`,
      contactId: "lc-heavy",
      name: "page.view",
      at: new Date(start + i * 3_600_000).toISOString(),
      properties: { path: `/docs/${i}` },
    }));
    for (let i = 0; i < stored.length; i += 100)
      await Promise.all(stored.slice(i, i + 100).map((e) => t.deps.store.recordEvent(e)));
    const requests: Array<[string, () => Promise<unknown>]> = [
      ["first click", () => click(key, "pricing")],
      ["repeated click", () => click(key, "pricing")],
      [
        "POST /events",
        () =>
          route(
            { ...http, auth: { apiKeys: [localAdminKey("k-0123456789abcdef")], signingSecrets: [] } },
            apiRequest("POST", "/events", {
              key: "k-0123456789abcdef",
              body: JSON.stringify({ contactId: "lc-heavy", event: "page.view", properties: { path: "/x" } }),
            }),
          ),
      ],
      [
        "a step handler",
        // Interrupted (the pricing click handed the contact off): what it read is what counts here.
        () =>
          stepHandlers(t.deps)
            .decide({ workflow: "trial-nurture", ...key, step: ENGAGED })
            .catch((e) => expect(e).toBeInstanceOf(InterruptError)),
      ],
      ["one-click unsubscribe", () => unsubscribe(key)],
      ["repeated unsubscribe", () => unsubscribe(key)],
    ];
    const over: string[] = [];
    for (const [name, run] of requests) {
      t.later(60);
      counting.reset();
      await run();
      if (counting.counts.eventsRead > EVENT_READ_LIMIT)
        over.push(`${name}: ${counting.counts.eventsRead} events`);
    }
    expect(over, "requests that read more events than the bound").toEqual([]);
  });
});
