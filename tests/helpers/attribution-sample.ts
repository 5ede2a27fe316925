import type { AttributionReport } from "../../src/core/reports/report-types.js";

/** A channel name that is markup: a report that shows it as an element would run its script. */
export const HOSTILE_CHANNEL = "<b>partner</b>";

/**
 * Three deals worth 42,000 in all, credited by channel: paid search found two of them, a referral
 * (the hostile name) the third, email and organic search helped on the way. Every model's credits
 * sum to the revenue, as the attribution report's do; data-driven names a channel no other model
 * credits, and `(none)` is a conversion without touch.
 */
export function sampleCreditedAttribution(): AttributionReport {
  return {
    from: "2026-03-02",
    to: "2026-03-31",
    by: "channel",
    conversions: 3,
    revenue: 42_000,
    models: {
      "first-touch": { "paid-search": 30_000, [HOSTILE_CHANNEL]: 12_000 },
      "last-touch": { email: 20_000, "organic-search": 12_000, "paid-search": 10_000 },
      linear: { "paid-search": 18_000, email: 10_000, "organic-search": 8_000, [HOSTILE_CHANNEL]: 6_000 },
      "data-driven": { "paid-search": 21_000, email: 14_000, display: 4_000, "(none)": 3_000 },
    },
  };
}

/** What the attribution report answers while no model has credits: every model named, none credited. */
export function sampleEmptyAttribution(): AttributionReport {
  return {
    from: "2026-03-02",
    to: "2026-03-31",
    by: "channel",
    conversions: 0,
    revenue: 0,
    models: { "first-touch": {}, "last-touch": {}, linear: {}, "data-driven": {} },
  };
}
