import type { StatsStore } from "../../core/contact-store";
import type { Catalog } from "../../core/engine/deps";
import { attributionReport } from "../../core/reports/attribution";
import { funnelReport } from "../../core/reports/funnel";
import type { DayRange } from "../../core/reports/report-types";
import { stagesReport } from "../../core/reports/stages";
import { marketerWorkflows } from "../../core/smoke";
import type { Usage } from "../meters";
import { costOf, PRICES } from "../prices";
import { type ContactFigures, funnelOf, type StoreFigures } from "./figures";
import type { SimulationReport, SimulationReports } from "./report-model";

const round = (n: number, digits = 6) => Number(n.toFixed(digits));

/** What the report is made of: the run's facts, what AWS would have used, what the store recorded. */
export interface ReportParts {
  catalog: Catalog;
  contacts: number;
  /** What the run used, taken when the simulated days ended (before the figures were read back). */
  usage: Usage;
  figures: StoreFigures;
  slackPosts: number;
  reports: SimulationReports;
  run: Pick<
    SimulationReport["run"],
    "seed" | "workflow" | "backend" | "start" | "end" | "simulatedDays" | "wallSeconds"
  >;
}

export function simulationReport(parts: ReportParts): SimulationReport {
  const { figures, usage } = parts;
  return {
    contacts: parts.contacts,
    emailsSent: usage.sesSends,
    ...funnelOf(parts.catalog, figures.perContact),
    steps: figures.steps,
    workflows: figures.workflows,
    aws: awsFigures(usage, parts.contacts),
    reports: parts.reports,
    run: {
      ...parts.run,
      enrollments: enrollmentsByWorkflow(figures.perContact),
      slackPosts: parts.slackPosts,
      failedEnrollments: figures.perContact.reduce((sum, contact) => sum + contact.failed, 0),
    },
  };
}

/** What AWS would have done for the run: in all, per contact, and its cost per 1,000 contacts. */
function awsFigures(usage: Usage, contacts: number): SimulationReport["aws"] {
  const n = Math.max(1, contacts);
  const cost = costOf({ ...usage, lambdaSeconds: usage.lambdaInvocations * PRICES.lambdaAverageSeconds });
  const per1000 = (dollars: number) => round((dollars / n) * 1000);
  return {
    stateTransitions: usage.stateTransitions,
    lambdaInvocations: usage.lambdaInvocations,
    dynamodbReadUnits: usage.dynamodbReadUnits,
    dynamodbWriteUnits: usage.dynamodbWriteUnits,
    sesSends: usage.sesSends,
    perContact: {
      stateTransitions: round(usage.stateTransitions / n, 2),
      lambdaInvocations: round(usage.lambdaInvocations / n, 2),
      dynamodbReadUnits: round(usage.dynamodbReadUnits / n, 2),
      dynamodbWriteUnits: round(usage.dynamodbWriteUnits / n, 2),
      sesSends: round(usage.sesSends / n, 2),
    },
    costPer1000Contacts: {
      stepFunctions: per1000(cost.stepFunctions),
      lambda: per1000(cost.lambda),
      dynamodb: per1000(cost.dynamodb),
      ses: per1000(cost.ses),
      total: per1000(cost.total),
    },
  };
}

function enrollmentsByWorkflow(perContact: readonly ContactFigures[]): Record<string, number> {
  const enrollments: Record<string, number> = {};
  for (const contact of perContact)
    for (const [workflow, count] of Object.entries(contact.enrollments))
      enrollments[workflow] = (enrollments[workflow] ?? 0) + count;
  return enrollments;
}

/**
 * The read API's reports over the run's days (a few reads each), from the counters the engine
 * wrote: each workflow's funnel, the stages, and every attribution model's credit by channel.
 */
export async function readReports(
  stats: StatsStore,
  catalog: Catalog,
  range: DayRange,
): Promise<SimulationReports> {
  const funnels = await Promise.all(
    marketerWorkflows(catalog.workflows.values()).map((workflow) => funnelReport(stats, workflow, range)),
  );
  return {
    funnels,
    stages: await stagesReport(stats, catalog.scoring.stages, range),
    attribution: await attributionReport(stats, catalog.settings, { ...range, by: "channel" }),
  };
}
