/**
 * Every condition that the workflows and the scoring model evaluate, found in one walk: what the
 * workflows listen to (the simulator's personas do these events). The conditions come from the
 * language's `workflowConditions` and `scoringConditions`, where a new one is added once.
 */
import {
  type Scoring,
  scoringConditions,
  type Workflow,
  type WorkflowCondition,
  workflowConditions,
} from "./language";

/** A condition, the file it is in (a workflow's id, or "scoring") and its JSON Pointer there. */
export interface PlacedCondition extends Omit<WorkflowCondition, "path"> {
  source: string;
  path: string;
}

const placed =
  (source: string) =>
  ({ path, ...rest }: WorkflowCondition): PlacedCondition => ({
    ...rest,
    source,
    path: `/${path.join("/")}`,
  });

/** The conditions of one campaign or sequence, each waitFor step as the event it waits for. */
export function placedConditions(workflow: Workflow): PlacedCondition[] {
  return workflowConditions(workflow).map(placed(workflow.id));
}

/** Every condition of every workflow, then the scoring model's. */
export function everyCondition(workflows: Iterable<Workflow>, scoring: Scoring): PlacedCondition[] {
  return [...[...workflows].flatMap(placedConditions), ...scoringConditions(scoring).map(placed("scoring"))];
}
