import type { SimulationReport } from "../../src/runtime/simulate/report-model.js";
import { sampleCreditedAttribution } from "./attribution-sample.js";
import { sampleFunnelReport, sampleStagesReport } from "./report-samples.js";

/** A step id that is markup: a report that shows it as an element would run its script. */
export const HOSTILE_STEP = "<img src=x onerror=alert(1)>";

/** The counts of a step that sent nothing: its rates have no denominator. */
export const NEVER_SENT = { sent: 0, opened: 0, clicked: 0, replied: 0, unsubscribed: 0 };

/** The cells of the intro step's row in the steps table: counts, then open, click and reply rates. */
export const INTRO_ROW = ["welcome", "intro", "1,000", "412", "96", "8", "12", "41.2%", "9.6%", "0.8%"];

/** The names a report test may make hostile: the fourth stage and the second workflow. */
export interface SampleReportNames {
  sqlStage?: string;
  nurture?: string;
}

/**
 * A 30-day run of 1000 contacts through two workflows, as `simulate` reports it: welcome (intro,
 * tips) and nurture (the hostile step, then a step that never sent). The HTML report tests, in
 * Node and in Chromium, start from this run.
 */
export function sampleSimulationReport(names: SampleReportNames = {}): SimulationReport {
  const { sqlStage = "sql", nurture = "nurture" } = names;
  return {
    contacts: 1000,
    emailsSent: 2310,
    handoffs: 120,
    stages: { subscriber: 380, lead: 310, mql: 170, [sqlStage]: 140, customer: 0 },
    funnel: {
      enrolled: 1000,
      reachedStage: { subscriber: 1000, lead: 620, mql: 310, [sqlStage]: 140, customer: 0 },
      handedOff: 120,
      replied: 45,
      unsubscribed: 32,
      bounced: 11,
    },
    steps: [
      {
        workflow: "welcome",
        step: "intro",
        sent: 1000,
        opened: 412,
        clicked: 96,
        replied: 8,
        unsubscribed: 12,
      },
      { workflow: "welcome", step: "tips", sent: 870, opened: 301, clicked: 55, replied: 3, unsubscribed: 9 },
      {
        workflow: nurture,
        step: HOSTILE_STEP,
        sent: 440,
        opened: 190,
        clicked: 61,
        replied: 30,
        unsubscribed: 11,
      },
      { workflow: nurture, step: "never-sent", ...NEVER_SENT },
    ],
    workflows: [
      {
        workflow: "welcome",
        enrolled: 1000,
        active: 10,
        completed: 700,
        handedOff: 120,
        exited: 50,
        stopped: 0,
        converted: 120,
        failed: 0,
        conversionRate: 0.12,
      },
    ],
    reports: {
      funnels: [sampleFunnelReport("welcome")],
      stages: sampleStagesReport(),
      attribution: sampleCreditedAttribution(),
    },
    aws: {
      stateTransitions: 18_400,
      lambdaInvocations: 6_900,
      dynamodbReadUnits: 5_210.5,
      dynamodbWriteUnits: 3_120,
      sesSends: 2310,
      perContact: {
        stateTransitions: 18.4,
        lambdaInvocations: 6.9,
        dynamodbReadUnits: 5.2105,
        dynamodbWriteUnits: 3.12,
        sesSends: 2.31,
      },
      costPer1000Contacts: {
        stepFunctions: 0.46,
        lambda: 0.0012,
        dynamodb: 0.0049,
        ses: 0.231,
        total: 0.6971,
      },
    },
    run: {
      seed: 42,
      backend: "memory",
      start: "2025-03-03T09:00:00.000Z",
      end: "2025-04-02T09:00:00.000Z",
      simulatedDays: 30,
      wallSeconds: 4.27,
      enrollments: { welcome: 1000, [nurture]: 440 },
      slackPosts: 120,
      failedEnrollments: 0,
    },
  };
}
