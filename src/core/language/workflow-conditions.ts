import type { Condition, EventCondition } from "./condition";
import type { Scalar } from "./names";
import type { Scoring } from "./scoring";
import type { Workflow } from "./workflow";

/** Keys and indexes from the top of a file to a value: ["handoff", "when"], ["steps", 4, "if"]. */
export type JsonPath = Array<string | number>;

/** A condition of a workflow or of the scoring model, and where the file writes it. */
export interface WorkflowCondition {
  condition: Condition;
  path: JsonPath;
  /**
   * Whose events it counts: "enrollment", the events since this enrollment began (goal, exitWhen,
   * stopWhen, handoff.when, a branch's if, a waitFor); "arriving", the event that arrives, before
   * there is an enrollment (enrollWhen); "contact", any of the contact's events (scoring).
   */
  counts: "enrollment" | "arriving" | "contact";
}

/** A waitFor step or a scoring rule, read as the event condition it amounts to. */
function eventFilter(of: { event: string; link?: string; where?: Record<string, Scalar> }): EventCondition {
  return {
    event: of.event,
    ...(of.link !== undefined ? { link: of.link } : {}),
    ...(of.where !== undefined ? { where: of.where } : {}),
  };
}

/**
 * Every condition of a campaign or sequence, with its path, a waitFor step counting as the event
 * it waits for: the one list that whoever walks "all the conditions of a workflow" goes through, so
 * a new condition field is added here once.
 */
export function workflowConditions(workflow: Workflow): WorkflowCondition[] {
  const campaign = workflow.kind === "campaign" ? workflow : undefined;
  const sequence = workflow.kind === "sequence" ? workflow : undefined;
  const fields: Array<[JsonPath, Condition | undefined, WorkflowCondition["counts"]]> = [
    [["enrollWhen"], workflow.enrollWhen, "arriving"],
    [["goal"], workflow.goal, "enrollment"],
    [["exitWhen"], campaign?.exitWhen, "enrollment"],
    [["stopWhen"], sequence?.stopWhen, "enrollment"],
    [["handoff", "when"], campaign?.handoff?.when, "enrollment"],
  ];
  const out: WorkflowCondition[] = [];
  for (const [path, condition, counts] of fields) if (condition) out.push({ condition, path, counts });
  workflow.steps.forEach((step, i) => {
    if (step.type === "branch")
      out.push({ condition: step.if, path: ["steps", i, "if"], counts: "enrollment" });
    if (step.type === "waitFor")
      out.push({ condition: eventFilter(step), path: ["steps", i], counts: "enrollment" });
  });
  return out;
}

/** The scoring model's conditions: each rule as the event it scores, and each stage's `promote`. */
export function scoringConditions(scoring: Scoring): WorkflowCondition[] {
  return [
    ...scoring.rules.map(
      (rule, i): WorkflowCondition => ({
        condition: eventFilter(rule),
        path: ["rules", i],
        counts: "contact",
      }),
    ),
    ...Object.entries(scoring.promote).map(
      ([stage, condition]): WorkflowCondition => ({ condition, path: ["promote", stage], counts: "contact" }),
    ),
  ];
}

/** A condition that is not all/any/not, and where it is written. */
export interface ConditionLeaf {
  condition: Exclude<Condition, { all: unknown } | { any: unknown } | { not: unknown }>;
  path: JsonPath;
}

/** The score, stage, event and attribute conditions inside a condition, through all/any/not. */
export function conditionLeaves(condition: Condition, path: JsonPath): ConditionLeaf[] {
  if ("all" in condition) return condition.all.flatMap((c, i) => conditionLeaves(c, [...path, "all", i]));
  if ("any" in condition) return condition.any.flatMap((c, i) => conditionLeaves(c, [...path, "any", i]));
  if ("not" in condition) return conditionLeaves(condition.not, [...path, "not"]);
  return [{ condition, path }];
}
