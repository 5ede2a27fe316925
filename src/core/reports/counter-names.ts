/**
 * The one place that names report counters: the scopes of counter rows and the counters in them.
 * Whoever counts a fact (the engine) and whoever reads a report use these, never literal strings.
 */
import type { DailyMetric, EmailMetric, EndingName } from "./report-types";

/** A workflow's rows: per day, the workflow's totals and each step's; the totals row holds `active`. */
export const workflowScope = (workflowId: string): string => `wf#${workflowId}`;
/** Stage gauges (totals row: contacts per stage) and moves (day rows). */
export const STAGES_SCOPE = "stages";
/** The SLA per owner (day rows). */
export const SLA_SCOPE = "sla";

export const ENROLLED = "enrolled";
/** Gauge on the totals row: +1 on enrollment, −1 on its ending. */
export const ACTIVE = "active";
export const endingCounter = (ending: EndingName): string => ending;
/** The workflow's total of a metric for the day (the funnel's daily chart). */
export const dailyCounter = (metric: DailyMetric): string => metric;
export const stepCounter = (stepId: string, metric: EmailMetric): string => `step:${stepId}:${metric}`;
export const linkCounter = (stepId: string, tag: string): string => `step:${stepId}:link:${tag}`;

export const stageGauge = (stage: string): string => `stage:${stage}`;
export const moveCounter = (from: string | undefined, to: string): string => `move:${from ?? ""}>${to}`;

export type SlaMeasure = "handoffs" | "accepted" | "missed";
export const slaCounter = (owner: string, measure: SlaMeasure): string => `owner:${owner}:${measure}`;
export const slaRejectedCounter = (owner: string, reason: string): string =>
  `owner:${owner}:rejected:${reason}`;
/** Samples (seconds) whose median the SLA report gives. */
export const slaSample = (owner: string, measure: "toAccept" | "toFirstTouch"): string =>
  `owner:${owner}:${measure}`;

/** What an SLA counter or sample name says: its owner and measure (`rejected:<reason>` for a rejection). */
export function parseSlaName(name: string): { owner: string; measure: string } | undefined {
  const match = /^owner:([^:]+):(.+)$/.exec(name);
  return match ? { owner: match[1]!, measure: match[2]! } : undefined;
}
export const SLA_REJECTED_PREFIX = "rejected:";

/** The UTC day of an ISO time. */
export const dayOf = (at: string): string => new Date(at).toISOString().slice(0, 10);

/**
 * Attribution (day rows; src/core/attribution/counting.ts): conversions, revenue and each model's
 * credit on the conversion's day, and the data-driven model's Markov transitions on the day of a
 * transition's later element. Money (revenue, credits) is counted in CREDIT_SCALE units of the
 * `amount`, as integers, so sums are exact in any order and on both stores.
 */
export const ATTRIBUTION_SCOPE = "attribution";
export const CREDIT_SCALE = 10_000;
export const CONVERSIONS = "conversions";
export const REVENUE = "revenue";
/** A credited model's credit to one channel or campaign (`credit:<model>:<by>:<key>`). */
export const creditCounter = (model: string, by: "channel" | "campaign", key: string): string =>
  `credit:${model}:${by}:${key}`;
export const creditPrefix = (model: string, by: "channel" | "campaign"): string =>
  creditCounter(model, by, "");
/** A Markov transition between two states (`markov:<from>><to>`); channel names hold no `>`. */
export const transitionCounter = (from: string, to: string): string => `${TRANSITION_PREFIX}${from}>${to}`;
export const TRANSITION_PREFIX = "markov:";
