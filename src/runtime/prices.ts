/**
 * Published AWS prices (US East, N. Virginia, on-demand, no free tier), in US dollars. One table,
 * dated, with its sources: every cost figure of `simulate` and `npm run bench` is priced here.
 * Checked 2026-11-27 against:
 * - Step Functions: https://aws.amazon.com/step-functions/pricing/ (Standard: $0.025 per 1,000 state transitions)
 * - Lambda: https://aws.amazon.com/lambda/pricing/ ($0.20 per 1M requests; $0.0000166667 per GB-second, x86)
 * - DynamoDB: https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per 1M write request units,
 *   $0.125 per 1M read request units, since the November 2024 price reduction)
 * - SES: https://aws.amazon.com/ses/pricing/ ($0.10 per 1,000 outbound emails)
 */
export const PRICES = {
  date: "2026-11-27",
  region: "us-east-1",
  stepFunctionsPerTransition: 0.025 / 1000,
  lambdaPerRequest: 0.2 / 1_000_000,
  lambdaPerGbSecond: 0.0000166667,
  dynamodbPerWriteUnit: 0.625 / 1_000_000,
  dynamodbPerReadUnit: 0.125 / 1_000_000,
  sesPerEmail: 0.1 / 1000,
  /** Memory the stacks give each handler (stacks/), for GB-seconds. */
  lambdaMemoryGb: 0.25,
  /**
   * Billed duration assumed per invocation: a handler makes 3–10 DynamoDB calls of ~5 ms and at most
   * one SES call. An assumption, not a measurement, so that cost figures are reproducible.
   */
  lambdaAverageSeconds: 0.06,
} as const;

export interface CostBreakdown {
  stepFunctions: number;
  lambda: number;
  dynamodb: number;
  ses: number;
  total: number;
}

/** Cost of a run's usage, in US dollars. `lambdaSeconds` is the handlers' total run time. */
export function costOf(usage: {
  stateTransitions: number;
  lambdaInvocations: number;
  lambdaSeconds: number;
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  sesSends: number;
}): CostBreakdown {
  const stepFunctions = usage.stateTransitions * PRICES.stepFunctionsPerTransition;
  const lambda =
    usage.lambdaInvocations * PRICES.lambdaPerRequest +
    usage.lambdaSeconds * PRICES.lambdaMemoryGb * PRICES.lambdaPerGbSecond;
  const dynamodb =
    usage.dynamodbReadUnits * PRICES.dynamodbPerReadUnit +
    usage.dynamodbWriteUnits * PRICES.dynamodbPerWriteUnit;
  const ses = usage.sesSends * PRICES.sesPerEmail;
  return { stepFunctions, lambda, dynamodb, ses, total: stepFunctions + lambda + dynamodb + ses };
}
