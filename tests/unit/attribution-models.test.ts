import { describe, expect, it } from "vitest";
import { groupChannel, sourceChannel } from "../../src/core/attribution/channels";
import {
  chainOf,
  type JourneyElement,
  journeyTransitions,
  removalEffects,
} from "../../src/core/attribution/markov";
import {
  apportion,
  type ConversionMoment,
  CREDITED_MODELS,
  creditShares,
} from "../../src/core/attribution/models";
import { attributionConfig, normalizeTouch, type Touch, touchOf } from "../../src/core/attribution/touch";
import type { Contact, EngagementEvent } from "../../src/core/model";
import { contactTimeline } from "../../src/core/reports/timeline";

const DAY = 86_400_000;
const START = Date.parse("2026-03-02T09:00:00Z");
const day = (n: number) => new Date(START + n * DAY).toISOString();
const touch = (id: string, at: number, channel: string, campaign = "(none)"): Touch => ({
  id,
  at: day(at),
  channel,
  campaign,
});
const config = attributionConfig({});
const event = (
  name: string,
  properties: EngagementEvent["properties"],
  extra: Partial<EngagementEvent> = {},
) => ({
  id: "e1",
  contactId: "c1",
  name,
  at: day(0),
  properties,
  ...extra,
});

/**
 * The journey of workflows/tests/attribution-journey.json: paid-search day 0, organic-search day
 * 1, (mql day 2), organic-social day 3, (sql day 4), direct day 5; a deal of 1000 on day 6.
 */
const JOURNEY = [
  touch("t1", 0, "paid-search", "spring"),
  touch("t2", 1, "organic-search"),
  touch("t3", 3, "organic-social", "launch"),
  touch("t4", 5, "direct"),
];
const MOMENT: ConversionMoment = { at: day(6), halfLifeSeconds: 7 * 86_400, milestones: [day(2), day(4)] };
const credits = (model: (typeof CREDITED_MODELS)[number], touches = JOURNEY, moment = MOMENT) =>
  creditShares(model, touches, moment).map((share) => Math.round(share * 1000 * 100) / 100);

describe("the credit models, on a journey worked by hand (1000 over four touches)", () => {
  it("first-touch, last-touch and last-non-direct give all to one touch", () => {
    expect(credits("first-touch")).toEqual([1000, 0, 0, 0]);
    expect(credits("last-touch")).toEqual([0, 0, 0, 1000]);
    // The last touch is direct: the one before it takes the credit.
    expect(credits("last-non-direct")).toEqual([0, 0, 1000, 0]);
    const allDirect = [touch("a", 0, "direct"), touch("b", 1, "direct")];
    expect(credits("last-non-direct", allDirect)).toEqual([0, 1000]);
  });

  it("linear: 1000 / 4 = 250 each", () => {
    expect(credits("linear")).toEqual([250, 250, 250, 250]);
  });

  it("time-decay: weights 2^(-age/7d) for ages 6, 5, 3 and 1 days, in proportion", () => {
    // 2^(-6/7) = 0.552045, 2^(-5/7) = 0.609507, 2^(-3/7) = 0.743002, 2^(-1/7) = 0.905724; sum 2.810278.
    expect(credits("time-decay")).toEqual([196.44, 216.89, 264.39, 322.29]);
  });

  it("u-shaped: 40% first and last, 20% split between; two touches 50/50, one 100%", () => {
    expect(credits("u-shaped")).toEqual([400, 100, 100, 400]);
    expect(credits("u-shaped", JOURNEY.slice(0, 2))).toEqual([500, 500]);
    expect(credits("u-shaped", JOURNEY.slice(0, 1))).toEqual([1000]);
  });

  it("w-shaped: 30% first, 30% the last touch by mql, 30% the last by sql, 10% the rest", () => {
    expect(credits("w-shaped")).toEqual([300, 300, 300, 100]);
    // Milestones missing: their shares go to the last touch; with no touch left, the roles are scaled to 100%.
    const missing = { ...MOMENT, milestones: [undefined, undefined] };
    expect(credits("w-shaped", JOURNEY.slice(0, 2), missing)).toEqual([333.33, 666.67]);
    // 30% first, 60% last (both milestones), 10% to the two between: 5% each.
    expect(credits("w-shaped", JOURNEY, missing)).toEqual([300, 50, 50, 600]);
    // A milestone reached before any touch of the window is missing too: mql's 30% to the last
    // touch, sql's to organic-social, and the 10% left to organic-search alone.
    expect(credits("w-shaped", JOURNEY, { ...MOMENT, milestones: [day(-1), day(4)] })).toEqual([
      300, 100, 300, 300,
    ]);
  });

  it("every model's shares add up to the whole", () => {
    for (const model of CREDITED_MODELS)
      for (const n of [1, 2, 3, 4])
        expect(creditShares(model, JOURNEY.slice(0, n), MOMENT).reduce((a, b) => a + b, 0)).toBeCloseTo(
          1,
          12,
        );
  });

  it("apportions whole units exactly, the leftovers to the largest remainders", () => {
    expect(apportion(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(apportion(10_000_000, [0.2, 0.3, 0.5])).toEqual([2_000_000, 3_000_000, 5_000_000]);
    expect(apportion(-10, [1, 2])).toEqual([-3, -7]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });
});

/** Transition counts written "from>to count". */
const counts = (...lines: string[]) =>
  lines.map((line) => {
    const [pair, count] = line.split(" ");
    const [from, to] = pair!.split(">");
    return { from: from!, to: to!, count: Number(count) };
  });

describe("the data-driven model (first-order Markov removal effects)", () => {
  it("matches a small example computed by hand", () => {
    // Journeys: (start)>A>B>(conversion), (start)>A>(null), (start)>B>(conversion).
    // P(start>A) = 2/3, P(start>B) = 1/3, P(A>B) = 1/2, P(A>null) = 1/2, P(B>conversion) = 1.
    // P(conversion) = 2/3 * 1/2 * 1 + 1/3 * 1 = 2/3.
    // Without A: (start)>A goes to (null): P = 1/3, removal effect 1 - (1/3)/(2/3) = 1/2.
    // Without B: nothing converts: P = 0, removal effect 1.
    // Credits of 300 of revenue: A = 0.5 / 1.5 * 300 = 100, B = 1 / 1.5 * 300 = 200.
    const chain = chainOf(counts("(start)>a 2", "(start)>b 1", "a>b 1", "a>(null) 1", "b>(conversion) 2"));
    const effects = removalEffects(chain);
    expect(effects.get("a")).toBeCloseTo(0.5, 12);
    expect(effects.get("b")).toBeCloseTo(1, 12);
    const sum = effects.get("a")! + effects.get("b")!;
    expect((effects.get("a")! / sum) * 300).toBeCloseTo(100, 9);
    expect((effects.get("b")! / sum) * 300).toBeCloseTo(200, 9);
  });

  it("loops converge, and a state with no way out in the period counts as lost", () => {
    const chain = chainOf(
      counts("(start)>a 2", "a>a 2", "a>(conversion) 1", "a>(null) 1", "(start)>b 1", "b>b 3"),
    );
    // p(a) = 1/2 p(a) + 1/4 → p(a) = 1/2; p(b) = 0; P = 2/3 * 1/2 = 1/3; without a: 0.
    const effects = removalEffects(chain);
    expect(effects.get("a")).toBeCloseTo(1, 9);
    expect(effects.get("b")).toBe(0);
  });

  it("splits journeys after each conversion and after a gap longer than the lookback", () => {
    const elements: JourneyElement[] = [
      { touch: touch("t1", 0, "email") },
      { touch: touch("t2", 1, "organic-search") },
      { conversion: { id: "d1", at: day(2), amount: 600 } },
      { touch: touch("t3", 3, "paid-search") },
      { conversion: { id: "d2", at: day(4), amount: 400 } },
      { conversion: { id: "d3", at: day(5), amount: 1 } },
      { touch: touch("t4", 200, "display") },
    ];
    const pairs = journeyTransitions(elements, 90 * 86_400).map((t) => `${t.from}>${t.to}@${t.day}`);
    expect(pairs).toEqual([
      `(start)>email@${day(0).slice(0, 10)}`,
      `email>organic-search@${day(1).slice(0, 10)}`,
      `organic-search>(conversion)@${day(2).slice(0, 10)}`,
      `(start)>paid-search@${day(3).slice(0, 10)}`,
      `paid-search>(conversion)@${day(4).slice(0, 10)}`,
      `(start)>(conversion)@${day(5).slice(0, 10)}`,
      `(start)>display@${day(200).slice(0, 10)}`,
      `display>(null)@${day(200).slice(0, 10)}`,
    ]);
  });
});

describe("touches and the default channel grouping", () => {
  it("groups by medium, then by a well-known source with no medium, else direct", () => {
    const group = (medium?: string, source?: string) => groupChannel([], { medium, source });
    expect(group("cpc", "google")).toBe("paid-search");
    expect(group("PPC")).toBe("paid-search");
    expect(group("paid-social", "facebook")).toBe("paid-social");
    expect(group("social", "linkedin")).toBe("organic-social");
    expect(group("newsletter")).toBe("email");
    expect(group("banner")).toBe("display");
    expect(group("affiliate")).toBe("affiliate");
    expect(group("referral", "partner.example")).toBe("referral");
    expect(group("organic", "google")).toBe("organic-search");
    expect(group(undefined, "www.google.co.uk")).toBe("organic-search");
    expect(group(undefined, "duckduckgo")).toBe("organic-search");
    expect(group(undefined, "l.facebook.com")).toBe("organic-social");
    expect(group(undefined, "t.co")).toBe("organic-social");
    expect(group(undefined, "partner.example")).toBe("direct");
    expect(group("print")).toBe("direct");
    expect(sourceChannel("googleplex.example")).toBeUndefined();
  });

  it("lets settings.attribution.channels rules come first, the first match winning", () => {
    const rules = [
      { channel: "partners", source: ["partner.example"] },
      { channel: "podcasts", medium: ["audio"] },
      { channel: "never", medium: ["audio"] },
    ];
    expect(groupChannel(rules, { source: "PARTNER.example" })).toBe("partners");
    expect(groupChannel(rules, { medium: "audio", source: "x" })).toBe("podcasts");
    expect(groupChannel(rules, { medium: "cpc" })).toBe("paid-search");
  });

  it("is a touch: a channel, a medium or source (or UTM), an email click; not a conversion nor Handoff's own events", () => {
    expect(touchOf(event("page.view", { path: "/" }), config)).toBeUndefined();
    expect(
      touchOf(
        event("page.view", { utm_source: "google", utm_medium: "cpc", utm_campaign: "spring" }),
        config,
      ),
    ).toEqual({
      id: "e1",
      at: day(0),
      channel: "paid-search",
      campaign: "spring",
      source: "google",
      medium: "cpc",
    });
    expect(touchOf(event("page.view", { channel: "Organic Search" }), config)?.channel).toBe(
      "organic-search",
    );
    expect(
      touchOf(event("email.click", { link: "pricing" }, { workflowId: "trial-nurture" }), config),
    ).toEqual({
      id: "e1",
      at: day(0),
      channel: "email",
      campaign: "trial-nurture",
    });
    expect(touchOf(event("email.unsubscribe", { source: "list-unsubscribe" }), config)).toBeUndefined();
    expect(touchOf(event("deal.won", { amount: 5, source: "crm" }), config)).toBeUndefined();
  });

  it("normalizes a touch at ingest: UTM renamed, channel filled, the same every time", () => {
    const raw = event("page.view", { path: "/", utm_source: "bing", utm_campaign: "q2" });
    const stored = normalizeTouch(raw, config);
    expect(stored.properties).toEqual({
      path: "/",
      source: "bing",
      campaign: "q2",
      channel: "organic-search",
    });
    expect(normalizeTouch(stored, config)).toEqual(stored);
    const view = event("page.view", { path: "/" });
    expect(normalizeTouch(view, config)).toBe(view);
  });
});

describe("the timeline of a touch", () => {
  it("adds a `touch` entry beside the event, and names a submitted form", () => {
    const events = [
      normalizeTouch(
        event("page.view", {
          path: "/",
          utm_source: "google",
          utm_medium: "organic",
          utm_campaign: "spring",
        }),
        config,
      ),
      { ...event("form.submitted", { form: "demo" }), id: "e2" },
    ];
    const view = { contact: {} as Contact, events, enrollments: [], sends: [] };
    const catalog = { workflows: new Map(), scoring: { stages: [], rules: [], promote: {} }, settings: {} };
    const entries = contactTimeline({ view, scored: [], stageHistory: [], tasks: [], catalog } as never);
    expect(entries.map((entry) => [entry.kind, entry.text])).toEqual([
      ["page.view", "Viewed /"],
      ["form.submitted", "Submitted demo"],
      ["touch", "channel organic-search · source google · campaign spring"],
    ]);
  });
});
