import type {
  AttributionReport,
  EndingName,
  FunnelReport,
  StagesReport,
} from "../../core/reports/report-types";
import type { ChaosSummary } from "../chaos/chaos";

/** The figures of one simulation run: what `simulate --json` prints and the HTML report shows. */
export interface SimulationReport {
  contacts: number;
  emailsSent: number;
  handoffs: number;
  /** Contacts whose stage is this stage at the end of the run (every stage of scoring.json). */
  stages: Record<string, number>;
  funnel: {
    enrolled: number;
    /** Contacts that reached each stage (or a later one) at any time during the run, in stage order. */
    reachedStage: Record<string, number>;
    handedOff: number;
    replied: number;
    unsubscribed: number;
    bounced: number;
  };
  steps: StepFigures[];
  /** How each workflow's enrollments ended, or stand at the end of the run; its conversion rate. */
  workflows: WorkflowOutcomes[];
  aws: {
    stateTransitions: number;
    lambdaInvocations: number;
    dynamodbReadUnits: number;
    dynamodbWriteUnits: number;
    sesSends: number;
    perContact: {
      stateTransitions: number;
      lambdaInvocations: number;
      dynamodbReadUnits: number;
      dynamodbWriteUnits: number;
      sesSends: number;
    };
    /** US dollars per 1,000 contacts at the prices in src/runtime/prices.ts. */
    costPer1000Contacts: {
      stepFunctions: number;
      lambda: number;
      dynamodb: number;
      ses: number;
      total: number;
    };
  };
  run: {
    seed: number;
    workflow?: string;
    backend: "servers" | "memory";
    start: string;
    end: string;
    simulatedDays: number;
    wallSeconds: number;
    enrollments: Record<string, number>;
    slackPosts: number;
    failedEnrollments: number;
  };
  /**
   * The read API's reports of the run's days, read from the counters the engine wrote, as
   * `handoff report` and the dashboard show them: each workflow's funnel (catalog order), the
   * stages, and the attribution of the run's conversions by channel (every model).
   */
  reports: SimulationReports;
  /** With `--chaos`: breaches of each invariant (all zero on a sound run). */
  invariants?: Record<string, number>;
  /** With `--chaos`: the faults injected, actions dead-lettered, and examples of any breach. */
  chaos?: ChaosSummary & { examples: Record<string, string[]> };
}

export interface SimulationReports {
  funnels: FunnelReport[];
  stages: StagesReport;
  attribution: AttributionReport;
}

export interface StepFigures {
  workflow: string;
  step: string;
  sent: number;
  opened: number;
  clicked: number;
  replied: number;
  unsubscribed: number;
}

/** One workflow's enrollments by status at the end of the run. */
export interface WorkflowOutcomes {
  workflow: string;
  enrolled: number;
  active: number;
  completed: number;
  handedOff: number;
  exited: number;
  stopped: number;
  converted: number;
  failed: number;
  /** converted / enrolled (0 without a goal). */
  conversionRate: number;
}

/** The columns of a workflow's outcomes, in the order the reports show them. */
export const OUTCOME_COLUMNS = [
  ["enrolled", "Enrolled"],
  ["active", "Active"],
  ["completed", "Completed"],
  ["handedOff", "Handed off"],
  ["exited", "Exited"],
  ["stopped", "Stopped"],
  ["converted", "Converted"],
  ["failed", "Failed"],
] as const satisfies ReadonlyArray<readonly [keyof WorkflowOutcomes, string]>;

/** How the reports (text, HTML) name each ending of a funnel, in the order they show them. */
export const ENDING_LABELS: Record<EndingName, string> = {
  completed: "Completed",
  handedOff: "Handed off",
  exited: "Exited",
  stopped: "Stopped",
  converted: "Converted",
  failed: "Failed",
};
