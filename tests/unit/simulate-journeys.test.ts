import { describe, expect, it } from "vitest";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import type { Catalog } from "../../src/core/engine/deps";
import type { Campaign } from "../../src/core/language";
import type { Act } from "../../src/runtime/simulate/activity";
import { LATER_TOUCHES, TOUCHES } from "../../src/runtime/simulate/channels";
import { DEAL_AMOUNT, dealAmount, Journeys } from "../../src/runtime/simulate/journeys";
import { PERSONAS, type Persona } from "../../src/runtime/simulate/personas";
import { prospects } from "../../src/runtime/simulate/prospects";
import { Random } from "../../src/runtime/simulate/random";
import { REPO } from "../helpers/workspace";

const { catalog } = await catalogFromWorkspace({ cwd: REPO });
const DAY = 86_400_000;
const persona = (name: string): Persona => PERSONAS.find((p) => p.name === name)!;

/** What a Journeys asks its actor to post: each act, when (ms from now) and under which key. */
interface Tracked {
  contactId: string;
  act: Act;
  after: number;
  key: string;
}

function journeys(options: { seed?: number; catalog?: Catalog } = {}) {
  const tracked: Tracked[] = [];
  const actor = {
    track: (contactId: string, act: Act, when: { after: number; key: string }) =>
      tracked.push({ contactId, act, ...when }),
  };
  return {
    tracked,
    journeys: new Journeys({ actor, seed: options.seed ?? 7, catalog: options.catalog ?? catalog }),
  };
}

describe("how prospects arrive", () => {
  it("each by a touch of its persona's channel mix, which differs by persona and is the contact's source", () => {
    const people = prospects(2000, 3);
    const mostCommon = (name: string) => {
      const counts = new Map<string, number>();
      for (const p of people.filter((p) => p.persona.name === name))
        counts.set(p.arrival, (counts.get(p.arrival) ?? 0) + 1);
      return [...counts.entries()].sort(([, a], [, b]) => b - a)[0]![0];
    };
    for (const p of people) {
      expect(Object.keys(p.persona.arrives)).toContain(p.arrival);
      expect(p.contact.attributes?.source).toBe(p.arrival);
    }
    expect(mostCommon("champion")).toBe("referral");
    expect(mostCommon("evaluator")).toBe("google-ads");
    expect(mostCommon("ghost")).toBe("linkedin-ads");
    expect(new Set(people.map((p) => p.arrival)).size).toBeGreaterThanOrEqual(6);
    expect(prospects(50, 3)).toEqual(people.slice(0, 50));
  });

  it("posts the page view it landed on as it starts, identifying it; none when a page view would enroll it elsewhere", () => {
    const [prospect] = prospects(1, 5);
    expect(journeys().journeys.landing(prospect!)).toEqual({
      id: `touch/${prospect!.contact.id}/0`,
      contact: prospect!.contact,
      event: "page.view",
      properties: TOUCHES[prospect!.arrival],
    });
    const onPageView = {
      schemaVersion: 1,
      kind: "campaign",
      id: "visitors",
      name: "visitors",
      enrollWhen: { event: "page.view" },
      steps: [{ id: "wait", type: "wait", duration: "1d" }],
    } as Campaign;
    const workflows = new Map([...catalog.workflows, ["visitors", onPageView]]);
    expect(journeys({ catalog: { ...catalog, workflows } }).journeys.landing(prospect!)).toBeUndefined();
  });
});

describe("touches over the journey", () => {
  it("come as many as the persona's returns, within three weeks, the same for the same seed", () => {
    const names = new Set(LATER_TOUCHES.map((touch) => JSON.stringify(TOUCHES[touch.value])));
    for (const name of ["champion", "evaluator", "skimmer", "ghost", "bad-data"]) {
      const runs = [journeys(), journeys()];
      for (const run of runs) for (let i = 0; i < 40; i++) run.journeys.onEntry(`c${i}`, persona(name));
      expect(runs[1]!.tracked).toEqual(runs[0]!.tracked);
      const [fewest, most] = persona(name).returns;
      for (let i = 0; i < 40; i++) {
        const touches = runs[0]!.tracked.filter((t) => t.contactId === `c${i}`);
        expect(touches.length).toBeGreaterThanOrEqual(fewest);
        expect(touches.length).toBeLessThanOrEqual(most);
        expect(new Set(touches.map((t) => t.key)).size).toBe(touches.length);
      }
      for (const touch of runs[0]!.tracked) {
        expect(touch.act.event).toBe("page.view");
        expect(names).toContain(JSON.stringify(touch.act.properties));
        expect(touch.after).toBeGreaterThanOrEqual(DAY);
        expect(touch.after).toBeLessThanOrEqual(21 * DAY);
      }
    }
    const champions = journeys();
    for (let i = 0; i < 200; i++) champions.journeys.onEntry(`c${i}`, persona("champion"));
    const campaigns = new Set(
      champions.tracked.map((t) => t.act.properties.campaign ?? t.act.properties.channel),
    );
    expect([...campaigns].sort()).toEqual([
      "direct",
      "organic-search",
      "referral",
      "retargeting",
      "weekly-metrics-review",
    ]);
  });
});

describe("deals", () => {
  it("open a day or three after a handoff or meeting and are won one or two weeks later, with an amount, once per contact", () => {
    const { tracked, journeys: closing } = journeys();
    const certain = { ...persona("champion"), deal: 1 };
    closing.onSalesMoment("c1", certain, { after: 2 * DAY });
    closing.onSalesMoment("c1", certain, { after: 5 * DAY });
    expect(tracked.map((t) => [t.act.event, t.key])).toEqual([
      ["deal.created", "deal/deal.created"],
      ["deal.won", "deal/deal.won"],
    ]);
    const [created, won] = tracked;
    expect(won!.act.properties).toEqual(created!.act.properties);
    const amount = won!.act.properties.amount as number;
    expect(amount).toBeGreaterThanOrEqual(DEAL_AMOUNT.least);
    expect(amount).toBeLessThanOrEqual(DEAL_AMOUNT.most);
    expect(created!.after).toBeGreaterThanOrEqual(3 * DAY);
    expect(created!.after).toBeLessThanOrEqual(5 * DAY);
    expect(won!.after).toBeGreaterThanOrEqual(6 * DAY);
    expect(won!.after).toBeLessThanOrEqual(16 * DAY);
    // A contact that decided not to buy does not decide again.
    closing.onSalesMoment("c2", persona("bad-data"), { after: 0 });
    closing.onSalesMoment("c2", certain, { after: 0 });
    expect(tracked).toHaveLength(2);
  });

  it("are mostly champions' and evaluators', the same for the same seed", () => {
    const won = (name: string, seed = 7) => {
      const { tracked, journeys: closing } = journeys({ seed });
      for (let i = 0; i < 500; i++) closing.onSalesMoment(`c${i}`, persona(name), { after: 0 });
      return tracked.filter((t) => t.act.event === "deal.won");
    };
    expect(won("champion")).toEqual(won("champion"));
    expect(won("champion")).not.toEqual(won("champion", 8));
    const counts = Object.fromEntries(PERSONAS.map((p) => [p.name, won(p.name).length]));
    expect(counts.champion).toBeGreaterThan(counts.evaluator!);
    expect(counts.evaluator).toBeGreaterThan(4 * counts.skimmer!);
    expect(counts.skimmer).toBeGreaterThan(counts.ghost!);
    expect(counts["bad-data"]).toBe(0);
  });

  it("are the workspace's first conversion when settings name others", () => {
    const settings = {
      ...catalog.settings,
      attribution: { conversions: ["subscription.started", "deal.won"] },
    };
    const { tracked, journeys: closing } = journeys({ catalog: { ...catalog, settings } });
    closing.onSalesMoment("c1", { ...persona("champion"), deal: 1 }, { after: 0 });
    expect(tracked.map((t) => t.act.event)).toEqual(["deal.created", "subscription.started"]);
  });

  it("are worth 5,000 to 60,000 in hundreds, small deals more often than large ones", () => {
    const random = Random.for(1, "amounts");
    const amounts = Array.from({ length: 2000 }, () => dealAmount(random)).sort((a, b) => a - b);
    expect(amounts[0]).toBeGreaterThanOrEqual(5_000);
    expect(amounts.at(-1)).toBeLessThanOrEqual(60_000);
    expect(amounts.every((amount) => amount % 100 === 0)).toBe(true);
    // Even on a log scale: the median is near 5,000 × √12 ≈ 17,300, well below the middle (32,500).
    expect(amounts[1000]).toBeGreaterThan(15_000);
    expect(amounts[1000]).toBeLessThan(20_000);
  });
});
