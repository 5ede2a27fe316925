/**
 * The attribution report (campaign language, "Touchpoints and attribution"): each model's credit
 * per channel (or campaign) for the conversions of a period, read from pre-aggregated counters.
 * Counted by src/core/attribution/counting.ts; data-driven is computed here, from the period's chain.
 */

import { apportion } from "../attribution/models";
import type { StatsStore } from "../contact-store/stats";
import type { Settings } from "../language";
import { ATTRIBUTION_MODELS, type AttributionModel } from "../language/vocabulary";
import { creditsOf, dataDrivenCredits } from "./attribution-credits";
import { ATTRIBUTION_SCOPE, CONVERSIONS, CREDIT_SCALE, REVENUE } from "./counter-names";
import type { AttributionReport } from "./report-types";

/** A cent in counted units: reports give money to the cent. */
const CENT = CREDIT_SCALE / 100;

/**
 * Credits (counted units) in currency, to the cent, adding up to the revenue to the cent: the
 * cents apportioned by the largest remainders (a credit that is zero is left out).
 */
function inCents(credits: Map<string, number>, revenue: number): Record<string, number> {
  const names = [...credits.keys()].sort();
  const cents = apportion(
    Math.round(revenue / CENT),
    names.map((name) => Math.max(0, credits.get(name)!)),
  );
  return Object.fromEntries(names.flatMap((name, i) => (cents[i] ? [[name, cents[i]! / 100]] : [])));
}

/** The attribution models, named in the language (scenarios expect credits by model). */
export { ATTRIBUTION_MODELS, type AttributionModel } from "../language/vocabulary";

/** What credit is grouped by. */
export const ATTRIBUTION_BY = ["channel", "campaign"] as const;
export type AttributionBy = (typeof ATTRIBUTION_BY)[number];

export interface AttributionQuery {
  /** The period, as days or ISO times (the report's `from` and `to`). */
  from: string;
  to: string;
  by: AttributionBy;
  /** One model; every model when absent. */
  model?: AttributionModel;
}

/** The attribution report of a period: one query of the day rows whatever the number of contacts. */
export async function attributionReport(
  stats: StatsStore,
  _settings: Settings,
  query: AttributionQuery,
): Promise<AttributionReport> {
  const range = { from: query.from.slice(0, 10), to: query.to.slice(0, 10) };
  const totals: Record<string, number> = {};
  for (const row of await stats.counterRows(ATTRIBUTION_SCOPE, range))
    for (const [name, n] of Object.entries(row.counts)) totals[name] = (totals[name] ?? 0) + n;
  const revenue = totals[REVENUE] ?? 0;
  const wanted = query.model ? [query.model] : ATTRIBUTION_MODELS;
  const models: Record<string, Record<string, number>> = {};
  for (const model of wanted) {
    if (model === "data-driven" && query.by === "campaign") continue;
    const credits = model === "data-driven" ? dataDrivenCredits(totals) : creditsOf(totals, model, query.by);
    models[model] = inCents(credits, revenue);
  }
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    conversions: totals[CONVERSIONS] ?? 0,
    revenue: Math.round(revenue / CENT) / 100,
    models,
  };
}
