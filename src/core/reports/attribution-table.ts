/**
 * How reports show an attribution report (src/core/reports/attribution.ts): the order of its
 * channels (or campaigns), each model's credits with their shares, and how many decimals a credit
 * shows. The terminal (`handoff report attribution`, `handoff simulate`), the simulation's HTML
 * report and the dashboard draw it alike from here. Pure: only the report's own shape.
 */
import type { AttributionReport } from "./report-types";

/** One channel's (or campaign's) credit under one model, and its share of what the model credits. */
export interface Credit {
  key: string;
  credit: number;
  /** From 0 to 1; 0 when the model credits nothing. */
  share: number;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** What `model` credits in all (its credits sum to the revenue once the models are in). */
export function modelTotal(report: AttributionReport, model: string): number {
  return Object.values(report.models[model] ?? {}).reduce((sum, credit) => sum + credit, 0);
}

/** A model's credits, most first (ties by name), each with its share of the model's total. */
export function creditsOf(report: AttributionReport, model: string): Credit[] {
  const total = modelTotal(report, model);
  return Object.entries(report.models[model] ?? {})
    .sort(([a, x], [b, y]) => y - x || byName(a, b))
    .map(([key, credit]) => ({ key, credit, share: total > 0 ? credit / total : 0 }));
}

/** Every channel (or campaign) some model credits, most credited over all models first (ties by name). */
export function creditedKeys(report: AttributionReport): string[] {
  const sums = new Map<string, number>();
  for (const credits of Object.values(report.models))
    for (const [key, credit] of Object.entries(credits)) sums.set(key, (sums.get(key) ?? 0) + credit);
  return [...sums.entries()].sort(([a, x], [b, y]) => y - x || byName(a, b)).map(([key]) => key);
}

/**
 * How many decimals a credit shows: none when the conversions carry money (revenue of 100 or more,
 * whole units are enough), two when they are counted (a conversion without amount is worth 1, and
 * linear credit splits it).
 */
export function creditDecimals(report: AttributionReport): number {
  return report.revenue >= 100 || report.revenue === 0 ? 0 : 2;
}

/** A credit (or the revenue) as text: with the report's decimals, thousands grouped (12,345). */
export function creditText(report: AttributionReport, n: number): string {
  const decimals = creditDecimals(report);
  return n.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
