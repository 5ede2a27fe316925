import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ConditionContext, evaluateCondition } from "../../src/core/conditions";
import { Condition, type NumberComparison, type Scalar } from "../../src/core/language";
import type { Contact, EngagementEvent } from "../../src/core/model";
import { REPO } from "../helpers/workspace";

// Property-based fuzzing of the condition evaluator: fixed seed, bounded runs.
const SEED = Number(process.env.FUZZ_SEED ?? 20260307);
const RUNS = 400;
const settings = { seed: SEED, numRuns: RUNS };

const STAGES: string[] = JSON.parse(readFileSync(join(REPO, "workflows/scoring.json"), "utf8")).stages;
const DAY = 86_400_000;
const T0 = Date.parse("2026-03-01T00:00:00Z");

// --- conditions, built from the shapes of src/core/language/condition.ts ------------------------

const stage = fc.constantFrom(...STAGES, "churned", "partner");
const eventName = fc.constantFrom("email.click", "page.view", "demo.requested");
const linkTag = fc.constantFrom("pricing", "docs", "book-demo");
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  fc.constantFrom<Scalar>("/pricing", "/blog", "ad", "saas", "pro", "", true, false, 0, 2, 50, 120),
  fc.string({ maxLength: 6 }),
  fc.integer({ min: -10, max: 200 }),
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 150 }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);
const comparison: fc.Arbitrary<NumberComparison> = fc
  .record({ eq: number, ne: number, gt: number, gte: number, lt: number, lte: number }, { requiredKeys: [] })
  .filter((c) => Object.keys(c).length > 0);
/** Counts of events: small numbers, so that some conditions hold and some do not. */
const smallCount: fc.Arbitrary<NumberComparison> = fc
  .record(
    { eq: fc.nat(3), ne: fc.nat(3), gt: fc.nat(3), gte: fc.nat(3), lt: fc.nat(4), lte: fc.nat(3) },
    { requiredKeys: [] },
  )
  .filter((c) => Object.keys(c).length > 0);
/** Present one time in four: an event condition with every filter would almost never hold. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
const duration = fc.constantFrom("30m", "4h", "2d", "1w", "P2D", "PT4H", "P1W2DT3H", "52w");
const propertyKey = fc.constantFrom("path", "source", "link", "n", "paid", "plan");

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({ score: comparison }),
  fc.record({
    stage: fc.oneof(stage, fc.record({ atLeast: stage }), fc.record({ atMost: stage })),
  }),
  fc
    .record({
      event: eventName,
      link: rarely(linkTag),
      where: rarely(fc.dictionary(propertyKey, scalar, { minKeys: 1, maxKeys: 2 })),
      within: rarely(duration),
      count: rarely(smallCount),
    })
    .map(withoutUndefined),
  fc.record(
    {
      attribute: fc.oneof(
        fc.constantFrom(
          "firstName",
          "company",
          "company.employees",
          "company.industry",
          "plan",
          "seats",
          "vip",
          "stage",
          "email",
          "missing",
          "constructor",
          "__proto__",
        ),
        fc.string({ minLength: 1, maxLength: 8 }),
      ),
      eq: scalar,
      ne: scalar,
      gt: number,
      gte: number,
      lt: number,
      lte: number,
      in: fc.array(scalar, { maxLength: 3 }),
      exists: fc.boolean(),
    },
    { requiredKeys: ["attribute"] },
  ),
);

const { condition } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("condition"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("condition"), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie("condition") }),
  ),
}));

// --- contexts: a contact, a score, stages, events around `now`, and `since` ----------------------

const iso = (ms: number) => new Date(ms).toISOString();
const at = fc.integer({ min: T0 - 60 * DAY, max: T0 + 60 * DAY }).map((ms) => new Date(ms).toISOString());
const event: fc.Arbitrary<EngagementEvent> = fc.record({
  id: fc.constantFrom("e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8"),
  contactId: fc.constant("c1"),
  name: eventName,
  at: fc.oneof({ weight: 9, arbitrary: at }, { weight: 1, arbitrary: fc.constantFrom("not a date", "") }),
  properties: fc
    .tuple(fc.option(linkTag), fc.dictionary(propertyKey, scalar, { maxKeys: 2 }))
    .map(([link, rest]) => ({ ...rest, ...(link ? { link } : {}) })),
});
const contact: fc.Arbitrary<Contact> = fc.record({
  id: fc.constant("c1"),
  email: fc.constant("ana@example.com"),
  firstName: fc.option(fc.constantFrom("Ana", ""), { nil: undefined }),
  company: fc.option(fc.constantFrom("Globex", "saas"), { nil: undefined }),
  attributes: fc.dictionary(
    fc.constantFrom("plan", "seats", "vip", "company", "company.employees", "stage"),
    fc.oneof(scalar, fc.constant(null), fc.record({ employees: number, industry: scalar })),
    { maxKeys: 4 },
  ),
  stage,
  consent: fc.constant({ status: "subscribed" as const, at: "2026-01-01T00:00:00Z", source: "form" }),
  createdAt: fc.constant("2026-01-01T00:00:00Z"),
  updatedAt: fc.constant("2026-01-01T00:00:00Z"),
});
/** Most events fall in the last weeks before `now`; some after it, some unreadable. */
const offset = fc.integer({ min: -40 * DAY, max: 3 * DAY });
const context: fc.Arbitrary<ConditionContext> = fc
  .record({
    contact,
    score: fc.oneof(fc.integer({ min: -50, max: 200 }), number),
    stages: fc.oneof({ weight: 4, arbitrary: fc.constant(STAGES) }, fc.shuffledSubarray(STAGES)),
    events: fc.array(fc.tuple(event, offset), { maxLength: 10 }),
    now: fc.integer({ min: T0 - 30 * DAY, max: T0 + 30 * DAY }),
    since: fc.option(fc.oneof({ weight: 4, arbitrary: offset }, fc.constant("garbage"))),
  })
  .map(({ events, now, since, ...rest }) => ({
    ...rest,
    now: new Date(now),
    events: events.map(([e, ms]) => (e.at === "" || e.at === "not a date" ? e : { ...e, at: iso(now + ms) })),
    ...(since === null ? {} : { since: typeof since === "string" ? since : iso(now + since) }),
  }));

const holds = (c: Condition, ctx: ConditionContext) => evaluateCondition(c, ctx);

describe("the condition evaluator under fuzzing (fast-check, fixed seed)", () => {
  it("is fed only conditions the schema accepts", () => {
    fc.assert(
      fc.property(condition, (c) => {
        expect(Condition.safeParse(c).success, JSON.stringify(c)).toBe(true);
      }),
      settings,
    );
  });

  it("never throws, always answers a boolean, and answers the same twice (on a copy too)", () => {
    fc.assert(
      fc.property(condition, context, (c, ctx) => {
        const answer = holds(c, ctx);
        expect(typeof answer).toBe("boolean");
        expect(holds(c, ctx)).toBe(answer);
        expect(holds(structuredClone(c), { ...structuredClone(ctx), now: new Date(ctx.now) })).toBe(answer);
      }),
      settings,
    );
  });

  it("obeys not, all and any: not(not c) = c, all([a, b]) = a && b, any([a, b]) = a || b", () => {
    fc.assert(
      fc.property(condition, condition, context, (a, b, ctx) => {
        const [x, y] = [holds(a, ctx), holds(b, ctx)];
        expect(holds({ not: a }, ctx)).toBe(!x);
        expect(holds({ not: { not: a } }, ctx)).toBe(x);
        expect(holds({ all: [a] }, ctx)).toBe(x);
        expect(holds({ any: [a] }, ctx)).toBe(x);
        expect(holds({ all: [a, b] }, ctx)).toBe(x && y);
        expect(holds({ any: [a, b] }, ctx)).toBe(x || y);
        expect(holds({ all: [a, b] }, ctx)).toBe(holds({ all: [b, a] }, ctx));
        // De Morgan
        expect(holds({ not: { all: [a, b] } }, ctx)).toBe(holds({ any: [{ not: a }, { not: b }] }, ctx));
      }),
      settings,
    );
  });

  it("treats all/any of lists as every/some: splitting a list anywhere keeps the answer", () => {
    fc.assert(
      fc.property(
        fc.array(condition, { minLength: 2, maxLength: 5 }),
        fc.nat(),
        context,
        (list, cut, ctx) => {
          const i = 1 + (cut % (list.length - 1));
          const [left, right] = [list.slice(0, i), list.slice(i)];
          expect(holds({ all: list }, ctx)).toBe(holds({ all: [{ all: left }, { all: right }] }, ctx));
          expect(holds({ any: list }, ctx)).toBe(holds({ any: [{ any: left }, { any: right }] }, ctx));
          expect(holds({ all: list }, ctx)).toBe(list.every((c) => holds(c, ctx)));
          expect(holds({ any: list }, ctx)).toBe(list.some((c) => holds(c, ctx)));
        },
      ),
      settings,
    );
  });

  it("refuses empty all/any in the schema; handed one anyway, all([]) holds and any([]) does not", () => {
    // The language requires at least one condition (a marketer's empty list is a mistake the
    // validator reports); the evaluator itself uses the identities of every/some.
    expect(Condition.safeParse({ all: [] }).success).toBe(false);
    expect(Condition.safeParse({ any: [] }).success).toBe(false);
    fc.assert(
      fc.property(context, (ctx) => {
        expect(holds({ all: [] }, ctx)).toBe(true);
        expect(holds({ any: [] }, ctx)).toBe(false);
      }),
      { seed: SEED, numRuns: 50 },
    );
  });

  it("never counts an event later than now, before since, or unreadable; counts a repeated id once", () => {
    fc.assert(
      fc.property(condition, context, fc.array(event, { maxLength: 6 }), (c, ctx, extra) => {
        const now = ctx.now.getTime();
        const since = ctx.since === undefined ? Number.NaN : Date.parse(ctx.since);
        const from = Number.isNaN(since) ? Number.NEGATIVE_INFINITY : since;
        const counts = (e: EngagementEvent) => {
          const t = Date.parse(e.at);
          return t >= from && t <= now;
        };
        const inWindow = ctx.events.filter(counts);
        const answer = holds(c, { ...ctx, events: inWindow });
        // Events outside [since, now] (fresh ids, so they cannot stand in for counted ones).
        const outside = extra
          .map((e, i) => ({ ...e, id: `outside-${i}` }))
          .map((e, i) =>
            i % 3 === 0
              ? { ...e, at: new Date(now + 1 + i * 3_600_000).toISOString() }
              : i % 3 === 1 && Number.isFinite(from)
                ? { ...e, at: new Date(from - 1 - i * 3_600_000).toISOString() }
                : { ...e, at: "not a date" },
          );
        expect(holds(c, ctx)).toBe(answer);
        expect(holds(c, { ...ctx, events: [...outside, ...ctx.events, ...outside] })).toBe(answer);
        expect(holds(c, { ...ctx, events: [...inWindow, ...inWindow] })).toBe(answer);
      }),
      settings,
    );
  });

  it("lets a `within` event condition see only events in (now - within, now]", () => {
    fc.assert(
      fc.property(eventName, duration, context, (name, within, ctx) => {
        const c: Condition = { event: name, within };
        const old = {
          id: "old",
          contactId: "c1",
          name,
          at: new Date(ctx.now.getTime() - 366 * DAY).toISOString(),
          properties: {},
        };
        const recent = { ...old, id: "recent", at: ctx.now.toISOString() };
        const base = { ...ctx, since: undefined, events: [] };
        expect(holds(c, { ...base, events: [old] })).toBe(false);
        expect(holds(c, { ...base, events: [recent] })).toBe(true);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });
});
