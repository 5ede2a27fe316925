import { describe, expect, it } from "vitest";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import type { Catalog } from "../../src/core/engine/deps";
import type { Campaign, Workflow } from "../../src/core/language";
import { everyCondition, placedConditions } from "../../src/core/workflow-conditions";
import { activities, timesFor } from "../../src/runtime/simulate/activity";
import { entryActs, entryWorkflow, UnknownWorkflowError } from "../../src/runtime/simulate/entry";
import { Random } from "../../src/runtime/simulate/random";
import { REPO } from "../helpers/workspace";

const { catalog } = await catalogFromWorkspace({ cwd: REPO });
const r = () => Random.for(1, "test");

function campaign(id: string, extra: Partial<Campaign> = {}): Campaign {
  return {
    schemaVersion: 1,
    kind: "campaign",
    id,
    name: id,
    steps: [{ id: "wait", type: "wait", duration: "1d" }],
    ...extra,
  } as Campaign;
}

const withWorkflows = (...workflows: Workflow[]): Catalog => ({
  ...catalog,
  workflows: new Map(workflows.map((w) => [w.id, w])),
});

describe("the conditions the workflows listen to", () => {
  it("walks enrollWhen, exitWhen, handoff.when, stopWhen, branch if and waitFor, then the scoring model", () => {
    const paths = everyCondition(catalog.workflows.values(), catalog.scoring).map(
      (c) => `${c.source}${c.path}`,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        "trial-nurture/enrollWhen",
        "trial-nurture/exitWhen",
        "trial-nurture/handoff/when",
        "trial-nurture/steps/4/if",
        "sdr-follow-up/stopWhen",
        "scoring/rules/0",
        "scoring/promote/customer",
      ]),
    );
    const waiting = campaign("w", {
      steps: [
        { id: "dash", type: "waitFor", event: "dashboard.created", where: { kind: "team" }, timeout: "2d" },
      ],
    });
    expect(placedConditions(waiting)).toEqual([
      {
        source: "w",
        path: "/steps/0",
        condition: { event: "dashboard.created", where: { kind: "team" } },
        counts: "enrollment",
      },
    ]);
  });

  it("gives prospects every custom event with its where, but none that enrolls, no conversion and no built-in", () => {
    const pool = activities(catalog);
    const names = pool.map((a) => a.event);
    expect(names).not.toContain("trial.started");
    expect(names).not.toContain("lead.recycled");
    expect(names.filter((n) => n.startsWith("email.") || n.startsWith("task."))).toEqual([]);
    // The smoke workflows' events are the smoke run's to post (the catalog deploys them too).
    expect(names.filter((n) => n.startsWith("handoff.smoke"))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(["meeting.booked", "demo.requested", "deal.created"]));
    // Deals are won after a handoff or a meeting, with an amount (journeys.ts), never at random.
    expect(names).not.toContain("deal.won");
    expect(pool.filter((a) => a.event === "page.view").map((a) => a.properties)).toEqual([
      { path: "/pricing" },
      { path: "/security" },
      { path: "/webinars/weekly-metrics-review/recording" },
    ]);
  });

  it("repeats an event as often as a count asks, within reason", () => {
    expect([undefined, { gte: 3 }, { gt: 1 }, { eq: 2 }, { lt: 1 }, { gte: 50 }].map(timesFor)).toEqual([
      1, 3, 2, 2, 1, 5,
    ]);
  });
});

describe("where prospects start", () => {
  it("is the entry campaign by default: trial-nurture in the samples, the first campaign by id without it", () => {
    expect(entryWorkflow(catalog).id).toBe("trial-nurture");
    const without = withWorkflows(...[...catalog.workflows.values()].filter((w) => w.id !== "trial-nurture"));
    expect(entryWorkflow(without).id).toBe("usage-expansion");
    expect(entryWorkflow(withWorkflows(campaign("b"), campaign("a"))).id).toBe("a");
    expect(
      entryWorkflow(withWorkflows(campaign("a"), campaign("b", { enrollWhen: { event: "x.y" } }))).id,
    ).toBe("b");
  });

  it("is the workflow asked for, else an error naming those there are", () => {
    expect(entryWorkflow(catalog, "sdr-follow-up").id).toBe("sdr-follow-up");
    expect(() => entryWorkflow(catalog, "nope")).toThrow(UnknownWorkflowError);
    expect(() => entryWorkflow(catalog, "nope")).toThrow(
      "'nope' names no campaign or sequence; there are long-term-nurture, sdr-follow-up, trial-nurture, usage-expansion, vendor-security-review, webinar-follow-up, workspace-evaluation",
    );
    expect(() => entryWorkflow(withWorkflows())).toThrow(UnknownWorkflowError);
  });

  it("comes in through the events that make enrollWhen true, or through the API when none can", () => {
    expect(entryActs({ event: "trial.started" }, r())).toEqual([
      { event: "trial.started", properties: {}, times: 1 },
    ]);
    expect(
      entryActs(
        {
          all: [
            { event: "page.view", where: { path: "/pricing" }, count: { gte: 2 }, within: "7d" },
            { attribute: "company.employees", gte: 50 },
          ],
        },
        r(),
      ),
    ).toEqual([{ event: "page.view", properties: { path: "/pricing" }, times: 2 }]);
    expect(entryActs({ any: [{ score: { gte: 40 } }, { event: "form.submitted" }] }, r())).toEqual([
      { event: "form.submitted", properties: {}, times: 1 },
    ]);
    for (const none of [undefined, { score: { gte: 40 } }, { event: "email.click", link: "pricing" }])
      expect(entryActs(none, r())).toEqual([]);
  });
});
