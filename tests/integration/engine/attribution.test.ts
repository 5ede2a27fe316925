import { describe, expect, it } from "vitest";
import { MemoryContactStore } from "../../../src/adapters/local/memory-store";
import { attributionConfig, contactElements } from "../../../src/core/attribution";
import { firstReached, touchesOf } from "../../../src/core/attribution/credits";
import {
  chainOf,
  inTimeOrder,
  journeyTransitions,
  removalEffects,
} from "../../../src/core/attribution/markov";
import { CREDITED_MODELS, creditShares } from "../../../src/core/attribution/models";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { upsertContact } from "../../../src/core/engine/enroll-contact";
import { ingestEvent } from "../../../src/core/engine/ingest";
import type { EngagementEvent } from "../../../src/core/model";
import { attributionReport } from "../../../src/core/reports/attribution";
import type { AttributionReport } from "../../../src/core/reports/report-types";
import { engineForTests } from "../../helpers/engine";

const START = Date.parse("2026-03-02T09:00:00Z");
const day = (n: number) => new Date(START + n * 86_400_000).toISOString();
const PERIOD = { from: day(0).slice(0, 10), to: day(8).slice(0, 10) };

let n = 0;
const event = (
  contactId: string,
  name: string,
  at: number,
  properties: EngagementEvent["properties"] = {},
) => ({
  id: `ev-${contactId}-${++n}`,
  contactId,
  name,
  at: day(at),
  properties,
});
const view = (contactId: string, at: number, properties: EngagementEvent["properties"]) =>
  event(contactId, "page.view", at, { path: "/", ...properties });

/** Four contacts: a long journey, two deals of one contact, a deal with no touch, a journey with none. */
const EVENTS: EngagementEvent[] = [
  view("j1", 0, { utm_source: "google", utm_medium: "cpc", utm_campaign: "spring" }),
  view("j1", 1, { source: "www.google.com" }),
  view("j1", 3, { utm_source: "linkedin", utm_medium: "social", utm_campaign: "launch" }),
  view("j1", 5, { channel: "direct" }),
  event("j1", "deal.won", 6, { amount: 1000 }),
  view("j2", 0, { source: "newsletter", medium: "email", campaign: "april" }),
  view("j2", 1, { source: "bing" }),
  event("j2", "deal.won", 2, { amount: 600 }),
  view("j2", 3, { utm_source: "google", utm_medium: "cpc", utm_campaign: "brand" }),
  event("j2", "deal.won", 4, { amount: 400 }),
  event("j3", "deal.won", 0, { amount: 250 }),
  view("j3", 1, { utm_source: "google", utm_medium: "cpc" }),
  view("j4", 0, { medium: "display" }),
  view("j4", 2, { source: "duckduckgo" }),
];
/** Delivered out of order: j1's organic-social touch and j2's first touch come after the deals they share in. */
const DELIVERY = [...EVENTS.filter((_, i) => i !== 2 && i !== 5), EVENTS[2]!, EVENTS[5]!].reverse();

const add = (credits: Record<string, number>, key: string, amount: number) => {
  credits[key] = (credits[key] ?? 0) + amount;
};

/** The report computed straight from the models over the same events (no counters). */
async function directly(deps: EngineDeps): Promise<Record<string, Record<string, number>>> {
  const config = attributionConfig(deps.catalog.settings);
  const models: Record<string, Record<string, number>> = {};
  const transitions: Array<{ from: string; to: string; count: number }> = [];
  let untouched = 0;
  let revenue = 0;
  for (const contactId of ["j1", "j2", "j3", "j4"]) {
    const found = (await deps.store.getContactView(contactId))!;
    const history = await deps.store.stageHistory(contactId);
    const elements = inTimeOrder(contactElements(found.events, config));
    const touches = elements.flatMap((e) => ("touch" in e ? [e.touch] : []));
    for (const element of elements) {
      if (!("conversion" in element)) continue;
      const { conversion } = element;
      revenue += conversion.amount;
      const mine = touchesOf(conversion, touches, config.lookbackSeconds);
      if (mine.length === 0) untouched += conversion.amount;
      const milestones = config.milestones.map((stage) => {
        const reached = firstReached(stage, found.contact, history);
        return reached !== undefined && reached <= conversion.at ? reached : undefined;
      });
      const moment = { at: conversion.at, halfLifeSeconds: config.halfLifeSeconds, milestones };
      for (const model of CREDITED_MODELS) {
        models[model] ??= {};
        if (mine.length === 0) add(models[model], "(none)", conversion.amount);
        else
          for (const [i, share] of creditShares(model, mine, moment).entries())
            add(models[model], mine[i]!.channel, share * conversion.amount);
      }
    }
    for (const { from, to } of journeyTransitions(elements, config.lookbackSeconds))
      transitions.push({ from, to, count: 1 });
  }
  const effects = removalEffects(chainOf(transitions));
  const sum = [...effects.values()].reduce((a, b) => a + b, 0);
  models["data-driven"] = { "(none)": untouched };
  for (const [channel, effect] of effects)
    if (effect > 0) models["data-driven"][channel] = ((revenue - untouched) * effect) / sum;
  return models;
}

function expectClose(report: AttributionReport, expected: Record<string, Record<string, number>>) {
  for (const [model, credits] of Object.entries(expected)) {
    const reported = report.models[model]!;
    for (const key of new Set([...Object.keys(credits), ...Object.keys(reported)]))
      expect(Math.abs((reported[key] ?? 0) - (credits[key] ?? 0)), `${model} ${key}`).toBeLessThanOrEqual(
        0.01,
      );
    const total = Object.values(reported).reduce((a, b) => a + b, 0);
    expect(Math.round(total * 100), `${model} adds up to the revenue`).toBe(Math.round(report.revenue * 100));
  }
}

const t = engineForTests();

describe.each([
  ["the memory store", () => new MemoryContactStore({ clock: t.clock })],
  ["DynamoDB (dynalite)", undefined],
])("attribution counted as events come in, on %s", (_name, memory) => {
  it("counts each touch and conversion once, in any order and redelivered, and the report equals the models computed directly", async () => {
    if (memory) t.deps.store = memory();
    t.clock.set(day(7));
    for (const contactId of ["j1", "j2", "j3", "j4"])
      await upsertContact(t.deps, { id: contactId, email: `${contactId}@example.com` });
    for (const delivered of DELIVERY) await ingestEvent(t.deps, delivered);
    const query = { ...PERIOD, by: "channel" as const };
    const report = await attributionReport(t.deps.store, t.deps.catalog.settings, query);
    expect(report).toMatchObject({ conversions: 4, revenue: 2250 });
    expectClose(report, await directly(t.deps));
    // By hand (workflows/tests/attribution-*.json): j1's 1000 to paid-search, j2's to email, j3's 250 to (none).
    expect(report.models["first-touch"]).toEqual({ "paid-search": 1000, email: 1000, "(none)": 250 });
    // No milestone reached here: w-shaped gives j1's last touch (direct) 30% + 2 × 30% of its 1000.
    expect(report.models["w-shaped"]).toMatchObject({ direct: 600, "(none)": 250 });
    // Every event again (a redelivery): nothing more is counted.
    for (const delivered of [...DELIVERY].reverse()) await ingestEvent(t.deps, delivered);
    expect(await attributionReport(t.deps.store, t.deps.catalog.settings, query)).toEqual(report);
    const byCampaign = await attributionReport(t.deps.store, t.deps.catalog.settings, {
      ...query,
      by: "campaign",
    });
    expect(byCampaign.models["first-touch"]).toEqual({ spring: 1000, april: 1000, "(none)": 250 });
    expect(byCampaign.models["data-driven"]).toBeUndefined();
  });
});
