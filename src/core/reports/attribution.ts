/**
 * The attribution report (campaign language, "Touchpoints and attribution"): each model's credit
 * per channel (or campaign) for the conversions of a period, read from pre-aggregated counters.
 * The attribution part (src/core/attribution/) fills it in; until then every credit is empty.
 */

import type { StatsStore } from "../contact-store/stats";
import type { Settings } from "../language";
import type { AttributionReport } from "./report-types";

/** The attribution models of the campaign language, in the order reports list them. */
export const ATTRIBUTION_MODELS = [
  "first-touch",
  "last-touch",
  "last-non-direct",
  "linear",
  "time-decay",
  "u-shaped",
  "w-shaped",
  "data-driven",
] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

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

/** The attribution report of a period: a few counter reads whatever the number of contacts. */
export async function attributionReport(
  _stats: StatsStore,
  _settings: Settings,
  query: AttributionQuery,
): Promise<AttributionReport> {
  const models = query.model ? [query.model] : ATTRIBUTION_MODELS;
  return {
    from: query.from,
    to: query.to,
    by: query.by,
    conversions: 0,
    revenue: 0,
    models: Object.fromEntries(models.map((name) => [name, {}])),
  };
}
