import { describe, expect, it } from "vitest";
import {
  attributeValue,
  type ConditionContext,
  compareNumber,
  conditionEvents,
  evaluateCondition,
  eventMatches,
  mentionsScoreOrStage,
} from "../../src/core/conditions";
import { Condition } from "../../src/core/language";
import type { Contact, EngagementEvent } from "../../src/core/model";

const STAGES = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist"];
const NOW = new Date("2026-03-10T12:00:00Z");

function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: "c1",
    email: "ana@example.com",
    firstName: "Ana",
    company: "Globex",
    timezone: "Europe/Berlin",
    attributes: { company: { employees: 120, industry: "saas" }, plan: "pro", seats: 12, vip: true },
    stage: "lead",
    consent: { status: "subscribed", at: "2026-01-01T00:00:00Z", source: "form" },
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    ...overrides,
  };
}

let seq = 0;
function event(name: string, at: string, properties: EngagementEvent["properties"] = {}): EngagementEvent {
  seq += 1;
  return { id: `e${seq}`, contactId: "c1", name, at, properties };
}

function ctx(overrides: Partial<ConditionContext> = {}): ConditionContext {
  return { contact: contact(), score: 0, stages: STAGES, events: [], now: NOW, ...overrides };
}

/** Parses the condition through the schema first, so every test uses a valid condition. */
function holds(condition: unknown, context: Partial<ConditionContext> = {}): boolean {
  return evaluateCondition(Condition.parse(condition), ctx(context));
}

describe("compareNumber", () => {
  it.each([
    [40, { gte: 40 }, true],
    [39.99, { gte: 40 }, false],
    [40, { gt: 40 }, false],
    [41, { gt: 40 }, true],
    [40, { eq: 40 }, true],
    [40, { ne: 40 }, false],
    [39, { lt: 40 }, true],
    [40, { lte: 40 }, true],
    [41, { lte: 40 }, false],
    [50, { gte: 40, lt: 60 }, true],
    [60, { gte: 40, lt: 60 }, false],
    [Number.NaN, { gte: 0 }, false],
  ])("%d against %j is %s", (value, comparison, expected) => {
    expect(compareNumber(value, comparison)).toBe(expected);
  });
});

describe("score conditions", () => {
  it("holds when every comparator holds", () => {
    expect(holds({ score: { gte: 40 } }, { score: 40 })).toBe(true);
    expect(holds({ score: { gte: 40 } }, { score: 39.5 })).toBe(false);
    expect(holds({ score: { gt: 10, lte: 20 } }, { score: 20 })).toBe(true);
    expect(holds({ score: { gt: 10, lte: 20 } }, { score: 10 })).toBe(false);
    expect(holds({ score: { eq: 0 } })).toBe(true);
    expect(holds({ score: { ne: 0 } })).toBe(false);
    expect(holds({ score: { lt: 0 } }, { score: -5 })).toBe(true);
  });
});

describe("stage conditions", () => {
  it("matches a stage exactly", () => {
    expect(holds({ stage: "lead" })).toBe(true);
    expect(holds({ stage: "mql" })).toBe(false);
  });

  it("matches atLeast and atMost by the order of stages", () => {
    const sql = { contact: contact({ stage: "sql" }) };
    expect(holds({ stage: { atLeast: "mql" } }, sql)).toBe(true);
    expect(holds({ stage: { atLeast: "sql" } }, sql)).toBe(true);
    expect(holds({ stage: { atLeast: "customer" } }, sql)).toBe(false);
    expect(holds({ stage: { atMost: "sql" } }, sql)).toBe(true);
    expect(holds({ stage: { atMost: "mql" } }, sql)).toBe(false);
    expect(holds({ stage: { atMost: "evangelist" } }, sql)).toBe(true);
  });

  it("never matches atLeast/atMost for a stage outside the list", () => {
    const odd = { contact: contact({ stage: "churned" }) };
    expect(holds({ stage: { atLeast: "subscriber" } }, odd)).toBe(false);
    expect(holds({ stage: { atMost: "evangelist" } }, odd)).toBe(false);
    expect(holds({ stage: "churned" }, odd)).toBe(true);
    expect(holds({ stage: { atLeast: "unknown" } })).toBe(false);
    expect(holds({ stage: { atMost: "unknown" } })).toBe(false);
  });
});

describe("event conditions", () => {
  const events = [
    event("email.click", "2026-03-02T10:00:00Z", { link: "pricing" }),
    event("email.click", "2026-03-05T10:00:00Z", { link: "docs" }),
    event("page.view", "2026-03-01T09:00:00Z", { path: "/pricing" }),
    event("page.view", "2026-03-08T09:00:00Z", { path: "/pricing" }),
    event("page.view", "2026-03-09T09:00:00Z", { path: "/pricing", source: "ad", paid: true, n: 2 }),
    event("page.view", "2026-03-09T10:00:00Z", { path: "/blog" }),
    event("email.reply", "2026-03-11T09:00:00Z"), // in the future of NOW
  ];

  it("defaults to at least once", () => {
    expect(holds({ event: "email.click" }, { events })).toBe(true);
    expect(holds({ event: "meeting.booked" }, { events })).toBe(false);
  });

  it("matches the link tag", () => {
    expect(holds({ event: "email.click", link: "pricing" }, { events })).toBe(true);
    expect(holds({ event: "email.click", link: "book-demo" }, { events })).toBe(false);
  });

  it("matches every where property exactly, strings, numbers and booleans", () => {
    expect(holds({ event: "page.view", where: { path: "/pricing" }, count: { eq: 3 } }, { events })).toBe(
      true,
    );
    expect(holds({ event: "page.view", where: { path: "/pricing", source: "ad" } }, { events })).toBe(true);
    expect(holds({ event: "page.view", where: { paid: true, n: 2 } }, { events })).toBe(true);
    expect(holds({ event: "page.view", where: { n: "2" } }, { events })).toBe(false);
    expect(holds({ event: "page.view", where: { paid: "true" } }, { events })).toBe(false);
    expect(holds({ event: "page.view", where: { path: "/pricing", source: "email" } }, { events })).toBe(
      false,
    );
    expect(holds({ event: "page.view", where: { missing: "x" } }, { events })).toBe(false);
  });

  it("counts only events within the window of `within`", () => {
    const pricing = { event: "page.view", where: { path: "/pricing" } };
    expect(holds({ ...pricing, within: "7d", count: { gte: 2 } }, { events })).toBe(true);
    expect(holds({ ...pricing, within: "7d", count: { gte: 3 } }, { events })).toBe(false);
    expect(holds({ ...pricing, within: "2d", count: { eq: 1 } }, { events })).toBe(true);
    expect(holds({ ...pricing, within: "1d" }, { events })).toBe(false);
    expect(holds({ ...pricing, within: "PT1H" }, { events })).toBe(false);
  });

  it("includes an event exactly `within` ago and one exactly at now", () => {
    const edge = [event("page.view", "2026-03-03T12:00:00Z"), event("trial.started", "2026-03-10T12:00:00Z")];
    expect(holds({ event: "page.view", within: "7d" }, { events: edge })).toBe(true);
    expect(holds({ event: "page.view", within: "P6DT23H59M" }, { events: edge })).toBe(false);
    expect(holds({ event: "trial.started" }, { events: edge })).toBe(true);
  });

  it("ignores events after now", () => {
    expect(holds({ event: "email.reply" }, { events })).toBe(false);
    expect(holds({ event: "email.reply" }, { events, now: new Date("2026-03-11T09:00:00Z") })).toBe(true);
  });

  it("ignores events before the enrollment started (since)", () => {
    const since = "2026-03-03T00:00:00Z";
    expect(holds({ event: "email.click", link: "pricing" }, { events, since })).toBe(false);
    expect(holds({ event: "email.click" }, { events, since })).toBe(true);
    expect(
      holds({ event: "page.view", where: { path: "/pricing" }, count: { eq: 2 } }, { events, since }),
    ).toBe(true);
    expect(holds({ event: "email.click", link: "docs" }, { events, since: "2026-03-05T10:00:00Z" })).toBe(
      true,
    );
  });

  it("supports counts that mean 'not yet' and upper bounds", () => {
    expect(holds({ event: "meeting.booked", count: { eq: 0 } }, { events })).toBe(true);
    expect(holds({ event: "page.view", count: { lt: 4 } }, { events })).toBe(false);
    expect(holds({ event: "page.view", count: { lte: 4 } }, { events })).toBe(true);
  });

  it("counts an event delivered twice (same id) once", () => {
    const once = event("email.open", "2026-03-09T00:00:00Z");
    expect(holds({ event: "email.open", count: { eq: 1 } }, { events: [once, { ...once }] })).toBe(true);
  });

  it("ignores events whose time does not parse", () => {
    expect(holds({ event: "email.open" }, { events: [event("email.open", "yesterday")] })).toBe(false);
  });
});

describe("eventMatches", () => {
  it("checks the name, link and where", () => {
    const click = event("email.click", NOW.toISOString(), { link: "pricing", variant: "b" });
    expect(eventMatches(click, { event: "email.click" })).toBe(true);
    expect(eventMatches(click, { event: "email.open" })).toBe(false);
    expect(eventMatches(click, { event: "email.click", link: "pricing", where: { variant: "b" } })).toBe(
      true,
    );
    expect(eventMatches(click, { event: "email.click", where: { link: "pricing" } })).toBe(true);
    expect(eventMatches(click, { event: "email.click", link: "pricing", where: { link: "docs" } })).toBe(
      false,
    );
  });

  it("does not match inherited properties", () => {
    const open = event("email.open", NOW.toISOString());
    expect(eventMatches(open, { event: "email.open", where: { toString: "x" } })).toBe(false);
  });
});

describe("attribute conditions", () => {
  it("looks up the contact's own fields first", () => {
    expect(holds({ attribute: "firstName", eq: "Ana" })).toBe(true);
    expect(holds({ attribute: "company", eq: "Globex" })).toBe(true);
    expect(holds({ attribute: "timezone", in: ["Europe/Berlin", "Europe/Paris"] })).toBe(true);
    expect(holds({ attribute: "stage", eq: "lead" })).toBe(true);
    expect(holds({ attribute: "email", exists: true })).toBe(true);
  });

  it("falls back to attributes by dotted path", () => {
    expect(holds({ attribute: "company.employees", gte: 50 })).toBe(true);
    expect(holds({ attribute: "company.employees", gt: 120 })).toBe(false);
    expect(holds({ attribute: "company.industry", eq: "saas" })).toBe(true);
    expect(holds({ attribute: "plan", in: ["pro", "enterprise"] })).toBe(true);
    expect(holds({ attribute: "seats", gt: 10, lte: 12 })).toBe(true);
    expect(holds({ attribute: "vip", eq: true })).toBe(true);
  });

  it("uses attributes when the contact field is not set", () => {
    const c = contact({ title: undefined, attributes: { title: "CTO" } });
    expect(attributeValue(c, "title")).toBe("CTO");
    expect(attributeValue(contact({ title: "CEO", attributes: { title: "CTO" } }), "title")).toBe("CEO");
  });

  it("reads a flat dotted key when no nested object holds the path", () => {
    const c = contact({ company: undefined, attributes: { "company.employees": 8 } });
    expect(attributeValue(c, "company.employees")).toBe(8);
    expect(evaluateCondition({ attribute: "company.employees", lt: 10 }, ctx({ contact: c }))).toBe(true);
  });

  it("walks deep paths and arrays, and not the prototype", () => {
    const c = contact({ attributes: { a: { b: { c: 3 } }, tags: ["x", "y"] } });
    expect(attributeValue(c, "a.b.c")).toBe(3);
    expect(attributeValue(c, "tags.1")).toBe("y");
    expect(attributeValue(c, "a.b.c.d")).toBeUndefined();
    expect(attributeValue(c, "constructor")).toBeUndefined();
    expect(attributeValue(c, "a.toString")).toBeUndefined();
  });

  it("compares with eq, ne, in strictly (no type coercion)", () => {
    expect(holds({ attribute: "seats", eq: 12 })).toBe(true);
    expect(holds({ attribute: "seats", eq: "12" })).toBe(false);
    expect(holds({ attribute: "seats", ne: 12 })).toBe(false);
    expect(holds({ attribute: "seats", ne: 13 })).toBe(true);
    expect(holds({ attribute: "seats", in: ["12", 13] })).toBe(false);
    expect(holds({ attribute: "plan", in: [] })).toBe(false);
  });

  it("fails numeric comparisons on non-numbers", () => {
    expect(holds({ attribute: "plan", gt: 0 })).toBe(false);
    const c = contact({ attributes: { seats: "12" } });
    expect(holds({ attribute: "seats", gte: 1 }, { contact: c })).toBe(false);
  });

  it("fails every operator on a missing attribute except ne and exists: false", () => {
    for (const op of [
      { eq: "x" },
      { gt: 0 },
      { gte: 0 },
      { lt: 0 },
      { lte: 0 },
      { in: ["x"] },
      { exists: true },
    ]) {
      expect(holds({ attribute: "revenue", ...op })).toBe(false);
    }
    expect(holds({ attribute: "revenue", ne: "x" })).toBe(true);
    expect(holds({ attribute: "revenue", exists: false })).toBe(true);
    expect(holds({ attribute: "revenue", ne: "x", gt: 0 })).toBe(false);
  });

  it("treats null as missing", () => {
    const c = contact({ attributes: { revenue: null } });
    expect(holds({ attribute: "revenue", exists: true }, { contact: c })).toBe(false);
    expect(holds({ attribute: "revenue", exists: false }, { contact: c })).toBe(true);
    expect(holds({ attribute: "revenue", ne: 5 }, { contact: c })).toBe(true);
  });

  it("combines exists with comparisons", () => {
    expect(holds({ attribute: "seats", exists: true, gte: 10 })).toBe(true);
    expect(holds({ attribute: "seats", exists: false })).toBe(false);
    expect(holds({ attribute: "seats", exists: true, gte: 20 })).toBe(false);
  });

  it("holds with no operator when the attribute is present", () => {
    expect(holds({ attribute: "plan" })).toBe(true);
    expect(holds({ attribute: "nothing" })).toBe(true);
  });
});

describe("all, any, not", () => {
  const events = [event("email.reply", "2026-03-09T00:00:00Z")];
  it("combine", () => {
    expect(holds({ all: [{ score: { gte: 10 } }, { event: "email.reply" }] }, { score: 10, events })).toBe(
      true,
    );
    expect(holds({ all: [{ score: { gte: 10 } }, { event: "email.reply" }] }, { score: 9, events })).toBe(
      false,
    );
    expect(holds({ any: [{ score: { gte: 10 } }, { event: "email.reply" }] }, { score: 0, events })).toBe(
      true,
    );
    expect(holds({ any: [{ score: { gte: 10 } }, { event: "email.open" }] }, { score: 0, events })).toBe(
      false,
    );
    expect(holds({ not: { event: "email.reply" } }, { events })).toBe(false);
    expect(holds({ not: { not: { event: "email.reply" } } }, { events })).toBe(true);
  });

  it("evaluates the contract's handoff rule", () => {
    const when = {
      any: [
        { stage: { atLeast: "sql" } },
        { event: "email.reply" },
        { event: "email.click", link: "pricing" },
      ],
    };
    expect(holds(when)).toBe(false);
    expect(holds(when, { contact: contact({ stage: "opportunity" }) })).toBe(true);
    const click = [event("email.click", "2026-03-09T00:00:00Z", { link: "pricing" })];
    expect(holds(when, { events: click })).toBe(true);
    expect(holds(when, { events: click, since: "2026-03-09T00:00:01Z" })).toBe(false);
  });
});

describe("conditionEvents", () => {
  it("lists the distinct event names a condition mentions", () => {
    const condition = Condition.parse({
      all: [
        { score: { gte: 1 } },
        { any: [{ event: "email.reply" }, { event: "email.click", link: "pricing" }] },
        { not: { event: "meeting.booked" } },
        { event: "email.reply", within: "2d" },
      ],
    });
    expect(conditionEvents(condition)).toEqual(["email.reply", "email.click", "meeting.booked"]);
    expect(conditionEvents({ score: { gte: 1 } })).toEqual([]);
    expect(conditionEvents({ event: "trial.started" })).toEqual(["trial.started"]);
  });
});

describe("mentionsScoreOrStage", () => {
  it.each([
    [{ score: { gte: 1 } }, true],
    [{ stage: "sql" }, true],
    [{ event: "email.reply" }, false],
    [{ attribute: "stage", eq: "sql" }, true],
    [{ attribute: "stages.count", gte: 1 }, false],
    [{ any: [{ event: "email.reply" }, { not: { stage: { atLeast: "sql" } } }] }, true],
    [{ all: [{ event: "email.reply" }, { attribute: "plan", eq: "pro" }] }, false],
  ])("%j → %s", (condition, expected) => {
    expect(mentionsScoreOrStage(Condition.parse(condition))).toBe(expected);
  });
});
