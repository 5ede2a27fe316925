/**
 * Every condition that the workflows and the scoring model evaluate, found in one walk: what the
 * workflows listen to (the simulator's personas do these events). A new condition field of the
 * language is one more `add` line in `workflowConditions`.
 */
import type { Condition, EventCondition, Scalar, Scoring, Workflow } from "./language";

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

/** The conditions of one campaign or sequence: a waitFor step counts as the event it waits for. */
export function workflowConditions(workflow: Workflow): PlacedCondition[] {
  const out: PlacedCondition[] = [];
  const add = (path: string, condition: Condition | undefined) => {
    if (condition) out.push({ source: workflow.id, path, condition });
  };
  add(ENROLL_WHEN_PATH, workflow.enrollWhen);
  add("/goal", workflow.goal);
  if (workflow.kind === "campaign") {
    add("/exitWhen", workflow.exitWhen);
    add("/handoff/when", workflow.handoff?.when);
  } else add("/stopWhen", workflow.stopWhen);
  workflow.steps.forEach((step, i) => {
    if (step.type === "branch") add(`/steps/${i}/if`, step.if);
    if (step.type === "waitFor") add(`/steps/${i}`, eventFilter(step));
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
  return [...[...workflows].flatMap(workflowConditions), ...scoringConditions(scoring)];
}

function eventFilter(of: { event: string; link?: string; where?: Record<string, Scalar> }): EventCondition {
  return {
    event: of.event,
    ...(of.link !== undefined ? { link: of.link } : {}),
    ...(of.where !== undefined ? { where: of.where } : {}),
  };
}
