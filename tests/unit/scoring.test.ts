import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Scoring, type ScoringRule, toSeconds } from "../../src/core/language";
import type { Contact, EngagementEvent } from "../../src/core/model";
import { computeScore, promotedStage, scoreBreakdown } from "../../src/core/scoring";

const DAY = 86_400_000;
const NOW = new Date("2026-06-01T12:00:00Z");

/** The scoring model of the campaign-language contract. */
const CONTRACT = Scoring.parse({
  kind: "scoring",
  stages: ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"],
  rules: [
    { event: "email.open", points: 1, cap: { points: 5, per: "30d" } },
    { event: "email.click", points: 5 },
    { event: "email.click", where: { link: "pricing" }, points: 15 },
    { event: "email.reply", points: 30 },
    { event: "page.view", where: { path: "/pricing" }, points: 10 },
    { event: "demo.requested", points: 50 },
    { event: "email.bounce", points: -20 },
  ],
  decay: { halfLife: "30d" },
  promote: { mql: { score: { gte: 40 } }, sql: { score: { gte: 80 } } },
});
const NO_DECAY = Scoring.parse({ ...CONTRACT, decay: undefined });

let seq = 0;
function event(
  name: string,
  daysAgo: number,
  properties: EngagementEvent["properties"] = {},
): EngagementEvent {
  seq += 1;
  return {
    id: `e${seq}`,
    contactId: "c1",
    name,
    at: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
    properties,
  };
}

function contact(stage: string): Contact {
  return {
    id: "c1",
    email: "ana@example.com",
    attributes: {},
    stage,
    consent: { status: "subscribed", at: "2026-01-01T00:00:00Z", source: "form" },
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  };
}

describe("computeScore with the contract's model", () => {
  it("is 0 with no events", () => {
    expect(computeScore(CONTRACT, [], NOW)).toBe(0);
  });

  it("adds every matching rule: a pricing click earns 5 + 15", () => {
    expect(computeScore(CONTRACT, [event("email.click", 0, { link: "pricing" })], NOW)).toBe(20);
    expect(computeScore(CONTRACT, [event("email.click", 0, { link: "docs" })], NOW)).toBe(5);
  });

  it("matches where on properties", () => {
    expect(computeScore(CONTRACT, [event("page.view", 0, { path: "/pricing" })], NOW)).toBe(10);
    expect(computeScore(CONTRACT, [event("page.view", 0, { path: "/blog" })], NOW)).toBe(0);
    expect(computeScore(CONTRACT, [event("page.view", 0)], NOW)).toBe(0);
  });

  it("gives no points to events no rule names", () => {
    expect(computeScore(CONTRACT, [event("meeting.booked", 0), event("email.sent", 0)], NOW)).toBe(0);
  });

  it("caps opens at 5 points per 30 days", () => {
    const opens = Array.from({ length: 8 }, (_, i) => event("email.open", i));
    expect(computeScore(NO_DECAY, opens, NOW)).toBe(5);
  });

  it("frees the cap as the window slides", () => {
    // One open a day for 40 days, no decay: days 0-4 earn 1 each, 5-29 nothing, 30-34 one each again.
    const opens = Array.from({ length: 40 }, (_, i) => event("email.open", 39 - i));
    const breakdown = scoreBreakdown(NO_DECAY, opens, NOW);
    expect(breakdown.score).toBe(10);
    const days = breakdown.contributions
      .map((c, i) => ({ day: i, points: c.points }))
      .filter((c) => c.points > 0)
      .map((c) => c.day);
    expect(days).toEqual([0, 1, 2, 3, 4, 30, 31, 32, 33, 34]);
    expect(breakdown.contributions[5]).toMatchObject({ points: 0, capped: true, value: 0 });
  });

  it("halves a contribution every half-life", () => {
    expect(computeScore(CONTRACT, [event("email.reply", 30)], NOW)).toBe(15);
    expect(computeScore(CONTRACT, [event("email.reply", 60)], NOW)).toBe(7.5);
    expect(computeScore(CONTRACT, [event("demo.requested", 90)], NOW)).toBe(6.25);
  });

  it("rounds to 2 decimals", () => {
    // 30 × 0.5^(10/30) = 23.8110…
    expect(computeScore(CONTRACT, [event("email.reply", 10)], NOW)).toBe(23.81);
    expect(computeScore(CONTRACT, [event("email.open", 1)], NOW)).toBe(0.98);
  });

  it("subtracts negative points and decays them too", () => {
    expect(computeScore(CONTRACT, [event("email.bounce", 0)], NOW)).toBe(-20);
    expect(computeScore(CONTRACT, [event("email.bounce", 30), event("email.reply", 0)], NOW)).toBe(20);
    expect(computeScore(CONTRACT, [event("email.bounce", 3000)], NOW)).toBe(0);
    expect(Object.is(computeScore(CONTRACT, [event("email.bounce", 3000)], NOW), 0)).toBe(true);
  });

  it("ignores events after now and events whose time does not parse", () => {
    const future = event("demo.requested", -1);
    expect(computeScore(CONTRACT, [future], NOW)).toBe(0);
    expect(computeScore(CONTRACT, [future], new Date(NOW.getTime() + DAY))).toBe(50);
    expect(computeScore(CONTRACT, [{ ...event("demo.requested", 0), at: "soon" }], NOW)).toBe(0);
  });

  it("counts an event delivered twice (same id) once", () => {
    const reply = event("email.reply", 0);
    expect(computeScore(CONTRACT, [reply, { ...reply }], NOW)).toBe(30);
  });

  it("sums a mixed history", () => {
    const events = [
      event("email.open", 0),
      event("email.click", 0, { link: "pricing" }),
      event("page.view", 0, { path: "/pricing" }),
      event("email.reply", 0),
      event("email.bounce", 0),
    ];
    expect(computeScore(CONTRACT, events, NOW)).toBe(1 + 20 + 10 + 30 - 20);
  });
});

describe("caps", () => {
  it("limits the magnitude of a capped negative rule", () => {
    const model = Scoring.parse({
      kind: "scoring",
      stages: ["a", "b"],
      rules: [{ event: "email.bounce", points: -20, cap: { points: 30, per: "30d" } }],
    });
    const bounces = [event("email.bounce", 3), event("email.bounce", 2), event("email.bounce", 1)];
    const breakdown = scoreBreakdown(model, bounces, NOW);
    expect(breakdown.contributions.map((c) => c.points)).toEqual([-20, -10, 0]);
    expect(breakdown.score).toBe(-30);
  });

  it("awards a partial amount when the cap is nearly reached", () => {
    const model = Scoring.parse({
      kind: "scoring",
      stages: ["a", "b"],
      rules: [{ event: "trial.used", points: 4, cap: { points: 10, per: "1d" } }],
    });
    const uses = [event("trial.used", 0.3), event("trial.used", 0.2), event("trial.used", 0.1)];
    expect(scoreBreakdown(model, uses, NOW).contributions.map((c) => [c.points, c.capped])).toEqual([
      [4, false],
      [4, false],
      [2, true],
    ]);
  });

  it("breaks ties at the same instant by event id", () => {
    const model = Scoring.parse({
      kind: "scoring",
      stages: ["a", "b"],
      rules: [{ event: "x.y", points: 3, cap: { points: 4, per: "1h" } }],
    });
    const at = NOW.toISOString();
    const events: EngagementEvent[] = [
      { id: "b", contactId: "c1", name: "x.y", at, properties: {} },
      { id: "a", contactId: "c1", name: "x.y", at, properties: {} },
    ];
    const breakdown = scoreBreakdown(model, events, NOW);
    expect(breakdown.contributions.map((c) => [c.eventId, c.points])).toEqual([
      ["a", 3],
      ["b", 1],
    ]);
  });
});

describe("scoreBreakdown", () => {
  it("reports each rule's contribution per event and per rule", () => {
    const click = event("email.click", 30, { link: "pricing" });
    const breakdown = scoreBreakdown(CONTRACT, [click], NOW);
    expect(breakdown.score).toBe(10);
    expect(breakdown.contributions).toEqual([
      {
        rule: 1,
        eventId: click.id,
        event: "email.click",
        at: click.at,
        points: 5,
        capped: false,
        value: 2.5,
      },
      {
        rule: 2,
        eventId: click.id,
        event: "email.click",
        at: click.at,
        points: 15,
        capped: false,
        value: 7.5,
      },
    ]);
    expect(breakdown.rules).toHaveLength(CONTRACT.rules.length);
    expect(breakdown.rules[2]).toEqual({ rule: 2, event: "email.click", matched: 1, points: 15, value: 7.5 });
    expect(breakdown.rules[0]).toEqual({ rule: 0, event: "email.open", matched: 0, points: 0, value: 0 });
  });
});

describe("promotedStage", () => {
  it("promotes to the latest stage whose condition holds", () => {
    expect(promotedStage(CONTRACT, contact("lead"), 40, [], NOW)).toBe("mql");
    expect(promotedStage(CONTRACT, contact("lead"), 85, [], NOW)).toBe("sql");
    expect(promotedStage(CONTRACT, contact("subscriber"), 85, [], NOW)).toBe("sql");
    expect(promotedStage(CONTRACT, contact("lead"), 39.99, [], NOW)).toBeUndefined();
  });

  it("only moves forward", () => {
    expect(promotedStage(CONTRACT, contact("mql"), 45, [], NOW)).toBeUndefined();
    expect(promotedStage(CONTRACT, contact("mql"), 85, [], NOW)).toBe("sql");
    expect(promotedStage(CONTRACT, contact("sql"), 100, [], NOW)).toBeUndefined();
    expect(promotedStage(CONTRACT, contact("customer"), 100, [], NOW)).toBeUndefined();
  });

  it("evaluates any condition, event conditions included, with all the contact's events", () => {
    const model = Scoring.parse({
      ...CONTRACT,
      promote: {
        lead: { any: [{ event: "trial.started" }, { event: "form.submitted" }] },
        mql: { score: { gte: 40 } },
        customer: { event: "deal.won" },
      },
    });
    const trial = [event("trial.started", 200)];
    expect(promotedStage(model, contact("subscriber"), 0, trial, NOW)).toBe("lead");
    expect(promotedStage(model, contact("subscriber"), 50, trial, NOW)).toBe("mql");
    expect(promotedStage(model, contact("mql"), 50, [event("deal.won", 1)], NOW)).toBe("customer");
    expect(promotedStage(model, contact("mql"), 50, [event("deal.won", -1)], NOW)).toBeUndefined();
  });

  it("treats a stage the model does not list as before the first", () => {
    expect(promotedStage(CONTRACT, contact("legacy"), 45, [], NOW)).toBe("mql");
    expect(promotedStage(CONTRACT, contact("legacy"), 0, [], NOW)).toBeUndefined();
  });
});

// ---- properties -------------------------------------------------------------------------------

const BASE = Date.parse("2026-01-01T00:00:00Z");
const NAMES = ["email.open", "email.click", "page.view", "demo.requested"] as const;
const PERIODS = ["1h", "1d", "7d", "30d"] as const;

const propsArb = fc.record(
  { link: fc.constantFrom("pricing", "docs"), path: fc.constantFrom("/pricing", "/blog") },
  { requiredKeys: [] },
);

/** Events over 60 days, on a 10-minute grid so that ties happen; ids unique. */
const eventsArb = fc
  .array(fc.tuple(fc.constantFrom(...NAMES), fc.integer({ min: 0, max: 60 * 144 }), propsArb), {
    maxLength: 60,
  })
  .map((rows) =>
    rows.map(
      ([name, slot, properties], i): EngagementEvent => ({
        id: `e${i.toString().padStart(3, "0")}`,
        contactId: "c1",
        name,
        at: new Date(BASE + slot * 600_000).toISOString(),
        properties,
      }),
    ),
  );

function rulesArb(points: fc.Arbitrary<number>): fc.Arbitrary<ScoringRule[]> {
  const rule = fc.record(
    {
      event: fc.constantFrom(...NAMES),
      link: fc.constantFrom("pricing", "docs"),
      where: fc.constantFrom<Record<string, string>>(
        { path: "/pricing" },
        { link: "pricing", path: "/blog" },
      ),
      points,
      cap: fc.record({ points: fc.integer({ min: 1, max: 30 }), per: fc.constantFrom(...PERIODS) }),
    },
    { requiredKeys: ["event", "points"] },
  );
  return fc.array(rule, { minLength: 1, maxLength: 6 });
}

function modelArb(points: fc.Arbitrary<number>, decay: boolean): fc.Arbitrary<Scoring> {
  return fc.record({ rules: rulesArb(points), halfLife: fc.constantFrom("1d", "7d", "30d") }).map(
    ({ rules, halfLife }): Scoring =>
      Scoring.parse({
        kind: "scoring",
        stages: ["a", "b"],
        rules,
        decay: decay ? { halfLife } : undefined,
      }),
  );
}

const LATEST = new Date(BASE + 61 * DAY);
const laterArb = fc
  .integer({ min: 1, max: 200 * 144 })
  .map((slot) => new Date(LATEST.getTime() + slot * 600_000));
const SEED = { seed: 42, numRuns: 200 };

/**
 * Checks `compare` on the score at LATEST and the score at any later time, for decaying models
 * whose rules award `points`.
 */
function decaying(points: fc.Arbitrary<number>, compare: (early: number, late: number) => void): void {
  fc.assert(
    fc.property(modelArb(points, true), eventsArb, laterArb, (model, events, t2) =>
      compare(computeScore(model, events, LATEST), computeScore(model, events, t2)),
    ),
    SEED,
  );
}

describe("scoring properties", () => {
  it("decay never increases a score made of positive points", () => {
    decaying(fc.integer({ min: 1, max: 100 }), (early, late) => {
      expect(late).toBeLessThanOrEqual(early);
      expect(late).toBeGreaterThanOrEqual(0);
    });
  });

  it("decay moves a negative score toward zero", () => {
    decaying(fc.integer({ min: -100, max: -1 }), (early, late) => {
      expect(early).toBeLessThanOrEqual(late);
      expect(late).toBeLessThanOrEqual(0);
    });
  });

  it("a capped rule never awards more than its cap within any window of its period", () => {
    fc.assert(
      fc.property(modelArb(fc.integer({ min: -50, max: 50 }), true), eventsArb, (model, events) => {
        const { contributions } = scoreBreakdown(model, events, LATEST);
        model.rules.forEach((rule, index) => {
          if (!rule.cap) return;
          const perMs = toSeconds(rule.cap.per) * 1000;
          const awards = contributions
            .filter((c) => c.rule === index)
            .map((c) => [Date.parse(c.at), c.points]);
          for (const [end] of awards as [number, number][]) {
            const inWindow = (awards as [number, number][]).filter(([at]) => at > end - perMs && at <= end);
            const total = inWindow.reduce((sum, [, points]) => sum + Math.abs(points), 0);
            expect(total).toBeLessThanOrEqual(rule.cap.points);
          }
          for (const [, points] of awards as [number, number][]) {
            expect(Math.sign(points) * Math.sign(rule.points)).toBeGreaterThanOrEqual(0);
            expect(Math.abs(points)).toBeLessThanOrEqual(Math.abs(rule.points));
          }
        });
      }),
      SEED,
    );
  });

  it("does not depend on the order of the events", () => {
    const arb = fc
      .tuple(modelArb(fc.integer({ min: -50, max: 50 }), true), eventsArb)
      .chain(([model, events]) =>
        fc.tuple(
          fc.constant(model),
          fc.constant(events),
          fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
        ),
      );
    fc.assert(
      fc.property(arb, ([model, events, shuffled]) => {
        expect(computeScore(model, shuffled, LATEST)).toBe(computeScore(model, events, LATEST));
        expect(scoreBreakdown(model, shuffled, LATEST)).toEqual(scoreBreakdown(model, events, LATEST));
      }),
      SEED,
    );
  });

  it("duplicated rules add up", () => {
    fc.assert(
      fc.property(modelArb(fc.integer({ min: -50, max: 50 }), true), eventsArb, (model, events) => {
        const doubled = { ...model, rules: [...model.rules, ...model.rules] };
        const single = scoreBreakdown(model, events, LATEST);
        const double = scoreBreakdown(doubled, events, LATEST);
        const n = model.rules.length;
        for (let i = 0; i < n; i++) {
          expect(double.rules[i]!.points).toBe(single.rules[i]!.points);
          expect(double.rules[i + n]!.points).toBe(single.rules[i]!.points);
          expect(double.rules[i + n]!.value).toBeCloseTo(single.rules[i]!.value, 9);
        }
        expect(Math.abs(double.score - 2 * single.score)).toBeLessThanOrEqual(0.0100001);
      }),
      SEED,
    );
  });

  it("is 0 with no events", () => {
    fc.assert(
      fc.property(modelArb(fc.integer({ min: -100, max: 100 }), true), laterArb, (model, now) => {
        expect(computeScore(model, [], now)).toBe(0);
        expect(scoreBreakdown(model, [], now).contributions).toEqual([]);
      }),
      SEED,
    );
  });

  it("events after now change nothing", () => {
    fc.assert(
      fc.property(modelArb(fc.integer({ min: -50, max: 50 }), true), eventsArb, (model, events) => {
        const now = new Date(BASE + 30 * DAY);
        const past = events.filter((e) => Date.parse(e.at) <= now.getTime());
        expect(computeScore(model, events, now)).toBe(computeScore(model, past, now));
      }),
      SEED,
    );
  });

  it("without decay or caps, the score is the plain sum of matching rules' points", () => {
    fc.assert(
      fc.property(modelArb(fc.integer({ min: -50, max: 50 }), false), eventsArb, (model, events) => {
        const uncapped = { ...model, rules: model.rules.map(({ cap: _cap, ...rule }) => rule) };
        let expected = 0;
        for (const e of events) {
          for (const rule of uncapped.rules) {
            const linkOk = rule.link === undefined || e.properties.link === rule.link;
            const whereOk = Object.entries(rule.where ?? {}).every(([k, v]) => e.properties[k] === v);
            if (e.name === rule.event && linkOk && whereOk) expected += rule.points;
          }
        }
        expect(computeScore(uncapped, events, LATEST)).toBe(expected);
      }),
      SEED,
    );
  });
});
