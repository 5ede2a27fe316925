import { describe, expect, it } from "vitest";
import { formatSimulation } from "../../src/cli/simulation-output";
import type { EngagementEvent } from "../../src/core/model";
import { attributionReport } from "../../src/core/reports/attribution";
import type { AttributionReport } from "../../src/core/reports/report-types";
import { TOUCHES } from "../../src/runtime/simulate/channels";
import { renderHtmlReport } from "../../src/runtime/simulate/html-report";
import { DEAL_AMOUNT } from "../../src/runtime/simulate/journeys";
import { type Prospect, prospects } from "../../src/runtime/simulate/prospects";
import { simulate } from "../../src/runtime/simulate/simulator";
import { REPO } from "../helpers/workspace";

const CONTACTS = 150;
const SEED = 42;

interface Journey {
  prospect: Prospect;
  events: EngagementEvent[];
  handedOffAt?: string;
}

describe("a simulation's prospects arrive through channels and close deals", () => {
  it("each arrives by its touch, comes back over the month, and some win deals after a handoff or a meeting; the report attributes them", async () => {
    const journeys: Journey[] = [];
    let read: AttributionReport | undefined;
    const report = await simulate({
      cwd: REPO,
      contacts: CONTACTS,
      seed: SEED,
      backend: "memory",
      keepOpen: async (runtime) => {
        for (const prospect of prospects(CONTACTS, SEED)) {
          const view = await runtime.deps.store.getContactView(prospect.contact.id);
          const handoff = view?.enrollments.find((e) => e.status === "handed-off");
          journeys.push({ prospect, events: view?.events ?? [], handedOffAt: handoff?.endedAt });
        }
        read = await attributionReport(runtime.deps.store, runtime.deps.catalog.settings, {
          from: "2026-03-02",
          to: "2026-03-31",
          by: "channel",
        });
      },
    });
    const isTouch = (e: EngagementEvent) =>
      e.name === "page.view" &&
      "path" in e.properties &&
      ("channel" in e.properties || "medium" in e.properties);
    for (const { prospect, events } of journeys) {
      // The API keeps a caller's event id under `api:`; ingest may add the touch's channel (B).
      const landing = events.find((e) => e.id === `api:touch/${prospect.contact.id}/0`);
      expect(landing?.properties, prospect.contact.id).toMatchObject(TOUCHES[prospect.arrival]);
      // The landing page view came with the events that enrolled the prospect, at the same instant.
      expect(events.some((e) => e.id.startsWith("api:entry/") && e.at === landing!.at)).toBe(true);
      const later = events.filter((e) => isTouch(e) && e !== landing).length;
      const [fewest, most] = prospect.persona.returns;
      expect(later, prospect.contact.id).toBeGreaterThanOrEqual(fewest);
      expect(later, prospect.contact.id).toBeLessThanOrEqual(most);
    }
    const deals = journeys.flatMap(({ prospect, events, handedOffAt }) =>
      events.filter((e) => e.name === "deal.won").map((won) => ({ prospect, events, handedOffAt, won })),
    );
    expect(deals.length).toBeGreaterThan(0);
    for (const { prospect, events, handedOffAt, won } of deals) {
      const amount = won.properties.amount as number;
      expect(amount).toBeGreaterThanOrEqual(DEAL_AMOUNT.least);
      expect(amount).toBeLessThanOrEqual(DEAL_AMOUNT.most);
      // Opened first, with its amount (prospects may also create deals of their own, without one).
      const opened = events.find((e) => e.name === "deal.created" && e.properties.amount === amount);
      expect(opened!.at < won.at).toBe(true);
      expect(events.some((e) => e.name === "lead.rejected" && e.at < opened!.at)).toBe(false);
      const meeting = events.find((e) => e.name === "meeting.booked")?.at;
      const moment = [handedOffAt, meeting].filter((at): at is string => at !== undefined).sort()[0];
      expect(moment, prospect.contact.id).toBeDefined();
      expect(won.at > moment!).toBe(true);
      expect(prospect.persona.deal).toBeGreaterThan(0);
    }
    const closers = deals.filter((deal) => ["champion", "evaluator"].includes(deal.prospect.persona.name));
    expect(closers.length).toBeGreaterThanOrEqual(deals.length / 2);
    // The report's attribution is the attribution report of the run's days, by channel. Until the
    // models are in it counts nothing; once they are, it counts these deals and their revenue.
    const attribution = report.reports.attribution;
    expect(attribution).toEqual(read);
    const revenue = deals.reduce((sum, deal) => sum + (deal.won.properties.amount as number), 0);
    expect([0, deals.length]).toContain(attribution.conversions);
    expect([0, revenue]).toContain(attribution.revenue);
    expect(formatSimulation(report)).toContain(
      `Attribution by channel, ${attribution.from} to ${attribution.to}`,
    );
    expect(renderHtmlReport(report)).toContain('<section id="attribution-section">');
  });
});
