/**
 * A scenario's `{ "credit": { "model", "channel" }, "amount", "within"? }`: the channel's credit
 * under the model in the attribution report of the scenario's period (from its start's day to its
 * end's), which sums the credit over the scenario's conversions.
 */
import type { Expectation } from "../../core/language";
import type { AttributionReport } from "../../core/reports/report-types";

export type CreditExpectation = Extract<Expectation, { credit: unknown }>;

/** How far off a credit may be when the expectation says nothing: a cent. */
const DEFAULT_WITHIN = 0.01;
/** Float noise in a difference of amounts given to the cent. */
const NOISE = 1e-9;

/** Undefined when the credit is as expected, else what the report says. */
export function creditFailure(
  expectation: CreditExpectation,
  report: AttributionReport | undefined,
): { expect: Expectation; actual: unknown } | undefined {
  const { model, channel } = expectation.credit;
  const credits = report?.models[model] ?? {};
  const credit = credits[channel] ?? 0;
  const within = expectation.within ?? DEFAULT_WITHIN;
  if (Math.abs(credit - expectation.amount) <= within + NOISE) return undefined;
  const found = `${model} credits ${channel} with ${credit}, expected ${expectation.amount} (within ${within})`;
  return {
    expect: expectation,
    actual: { credit: expectation.credit, found, credits, revenue: report?.revenue ?? 0 },
  };
}
