import { describe, expect, it } from "vitest";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import type { Catalog } from "../../src/core/engine/deps";
import { eventHorizonSeconds, HISTORY_HORIZON_DAYS } from "../../src/core/engine/event-window";
import type { Campaign, Condition, Scoring } from "../../src/core/language";
import { REPO } from "../helpers/workspace";

// Issue 12, finding 2: how far back rules read a contact's events, from what the catalog needs.
const { catalog } = await catalogFromWorkspace({ cwd: REPO });
const DAY = 86_400;

function campaign(conditions: { enrollWhen?: Condition; goal?: Condition }): Campaign {
  return {
    schemaVersion: 1,
    kind: "campaign",
    id: "c",
    name: "c",
    steps: [{ id: "wait", type: "wait", duration: "1d" }],
    ...conditions,
  } as Campaign;
}

/** Attribution reads back its lookback plus a margin for late events: one day + 7 here. */
const ATTRIBUTION_HORIZON = 8 * DAY;

function withModel(scoring: Partial<Scoring>, ...workflows: Campaign[]): Catalog {
  return {
    ...catalog,
    settings: { ...catalog.settings, attribution: { lookback: "1d" } },
    scoring: { ...catalog.scoring, rules: [], promote: {}, ...scoring } as Scoring,
    workflows: new Map(workflows.map((w) => [w.id, w])),
  };
}

describe("the event horizon", () => {
  it("is the longest `within`, cap period or decay (to under half a hundredth of a point) the catalog needs", () => {
    const decayed = withModel(
      {
        rules: [
          { event: "page.view", points: 10, cap: { points: 20, per: "7d" } },
          { event: "email.open", points: -2 },
        ],
        decay: { halfLife: "1d" },
        promote: { mql: { event: "demo.requested", within: "9d" } },
      },
      campaign({ enrollWhen: { all: [{ event: "page.view", within: "3d", count: { gte: 2 } }] } }),
    );
    // 10 points halve to under 0.005 after log2(10 / 0.005) ≈ 10.97 half-lives.
    expect(eventHorizonSeconds(decayed)).toBe(Math.ceil(Math.log2(10 / 0.005) * DAY));
    const longWithin = withModel({ ...decayed.scoring, promote: { mql: { event: "x.y", within: "20d" } } });
    expect(eventHorizonSeconds(longWithin)).toBe(20 * DAY);
  });

  it(`looks back ${HISTORY_HORIZON_DAYS} days for a condition without \`within\` or a score without decay`, () => {
    const max = HISTORY_HORIZON_DAYS * DAY;
    expect(eventHorizonSeconds(withModel({}, campaign({ goal: { not: { event: "deal.won" } } })))).toBe(max);
    const undecayed = withModel({ rules: [{ event: "page.view", points: 1 }], decay: undefined });
    expect(eventHorizonSeconds(undecayed)).toBe(max);
    expect(
      eventHorizonSeconds(
        withModel({ decay: { halfLife: "300d" }, rules: [{ event: "a.b", points: 1000 }] }),
      ),
    ).toBe(max);
    expect(eventHorizonSeconds(catalog)).toBe(max);
  });

  it("needs only attribution's lookback (and the late-event margin) for a catalog that reads no events", () => {
    // Issue 15: a touch's count reads the conversions it shares credit with (src/core/attribution/counting.ts).
    expect(eventHorizonSeconds(withModel({ promote: { mql: { score: { gte: 40 } } } }))).toBe(
      ATTRIBUTION_HORIZON,
    );
    const defaults = { ...withModel({ promote: {} }), settings: catalog.settings };
    expect(eventHorizonSeconds(defaults)).toBe((90 + 7) * DAY);
  });
});
