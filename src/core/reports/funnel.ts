/**
 * A workflow's funnel from its counter rows: one query for the days of the period and one read of
 * its totals row, whatever the number of contacts.
 */
import type { CounterRow, StatsStore } from "../contact-store";
import type { Workflow } from "../language";
import {
  ACTIVE,
  dailyCounter,
  ENROLLED,
  endingCounter,
  linkCounter,
  stepCounter,
  workflowScope,
} from "./counter-names";
import {
  DAILY_METRICS,
  type DailyFunnel,
  type DayRange,
  EMAIL_METRICS,
  ENDINGS,
  type EndingName,
  type FunnelReport,
  type StepFunnel,
} from "./report-types";

/** The sum of one counter over the rows. */
export function sumOf(rows: CounterRow[], counter: string): number {
  return rows.reduce((sum, row) => sum + (row.counts[counter] ?? 0), 0);
}

function stepFunnel(rows: CounterRow[], stepId: string): StepFunnel {
  const metrics = Object.fromEntries(EMAIL_METRICS.map((m) => [m, sumOf(rows, stepCounter(stepId, m))]));
  const prefix = linkCounter(stepId, "");
  const links: Record<string, number> = {};
  for (const row of rows)
    for (const [name, n] of Object.entries(row.counts))
      if (name.startsWith(prefix))
        links[name.slice(prefix.length)] = (links[name.slice(prefix.length)] ?? 0) + n;
  return { step: stepId, ...(metrics as Omit<StepFunnel, "step" | "links">), links };
}

/** Every day of the range, each with its counts (zero on a day nothing happened). */
function dailyOf(rows: CounterRow[], range: DayRange): DailyFunnel[] {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: DailyFunnel[] = [];
  for (let t = Date.parse(range.from); t <= Date.parse(range.to); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    const row = byDay.get(date);
    const counts = Object.fromEntries(DAILY_METRICS.map((m) => [m, row?.counts[dailyCounter(m)] ?? 0]));
    days.push({ date, ...(counts as Omit<DailyFunnel, "date">) });
  }
  return days;
}

/** The funnel of `workflow` over `range` (whole UTC days, at most the read API's longest period). */
export async function funnelReport(
  stats: StatsStore,
  workflow: Workflow,
  range: DayRange,
): Promise<FunnelReport> {
  const scope = workflowScope(workflow.id);
  const [rows, totals] = await Promise.all([stats.counterRows(scope, range), stats.counterTotals(scope)]);
  const endings = Object.fromEntries(
    (Object.keys(ENDINGS) as EndingName[]).map((ending) => [ending, sumOf(rows, endingCounter(ending))]),
  ) as Record<EndingName, number>;
  const emailSteps = workflow.steps.filter((step) => step.type === "email");
  return {
    workflow: workflow.id,
    from: range.from,
    to: range.to,
    enrolled: sumOf(rows, ENROLLED),
    active: totals?.counts[ACTIVE] ?? 0,
    ...endings,
    steps: emailSteps.map((step) => stepFunnel(rows, step.id)),
    daily: dailyOf(rows, range),
  };
}
