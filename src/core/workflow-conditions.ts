/**
 * Every condition that the workflows and the scoring model evaluate, found in one walk: what the
 * workflows listen to (the simulator's personas do these events). The workflows' condition fields
 * come from the language's `workflowConditions`, where a new one is added once.
 */
import {
  type Condition,
  type EventCondition,
  type Scalar,
  type Scoring,
  type Workflow,
  workflowConditions,
} from "./language";

/** A condition and where it sits. */
export interface PlacedCondition {
  /** The workflow's id, or "scoring" for the scoring model. */
  source: string;
  /** JSON Pointer of the condition (or of the waitFor step, or scoring rule) in its file. */
  path: string;
  condition: Condition;
}

/** The path of a workflow's enrollWhen: the one condition that starts enrollments rather than acting on them. */
export const ENROLL_WHEN_PATH = "/enrollWhen";

/**
 * The conditions of one campaign or sequence (the language's one list of condition fields), and
 * each waitFor step as the event it waits for.
 */
export function placedConditions(workflow: Workflow): PlacedCondition[] {
  const out: PlacedCondition[] = workflowConditions(workflow).map(({ condition, path }) => ({
    source: workflow.id,
    path: `/${path.join("/")}`,
    condition,
  }));
  workflow.steps.forEach((step, i) => {
    if (step.type === "waitFor")
      out.push({ source: workflow.id, path: `/steps/${i}`, condition: eventFilter(step) });
  });
  return out;
}

/** The scoring model's conditions: each rule as the event it scores, and each stage's `promote`. */
export function scoringConditions(scoring: Scoring): PlacedCondition[] {
  return [
    ...scoring.rules.map((rule, i) => ({
      source: "scoring",
      path: `/rules/${i}`,
      condition: eventFilter(rule),
    })),
    ...Object.entries(scoring.promote).map(([stage, condition]) => ({
      source: "scoring",
      path: `/promote/${stage}`,
      condition,
    })),
  ];
}

/** Every condition of every workflow, then the scoring model's. */
export function everyCondition(workflows: Iterable<Workflow>, scoring: Scoring): PlacedCondition[] {
  return [...[...workflows].flatMap(placedConditions), ...scoringConditions(scoring)];
}

function eventFilter(of: { event: string; link?: string; where?: Record<string, Scalar> }): EventCondition {
  return {
    event: of.event,
    ...(of.link !== undefined ? { link: of.link } : {}),
    ...(of.where !== undefined ? { where: of.where } : {}),
  };
}
