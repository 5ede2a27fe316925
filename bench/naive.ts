// The naive shape Handoff is measured against (issue 7): per email a send task, a Wait state and a
// Choice that checks whether a handoff or exit happened meanwhile; a branch is a task plus a Choice.
// Built only for the comparison; it is not deployed and has no interrupts mid-wait.

import { edges } from "../src/compiler/graph";
import type { Settings, Workflow } from "../src/core/language";
import { toSeconds } from "../src/core/language";

type State = Record<string, unknown>;

export interface NaiveMachine {
  StartAt: string;
  States: Record<string, State>;
}

const task = (name: string, next: string | undefined): State => ({
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke",
  Parameters: { FunctionName: `\${${name}}`, "Payload.$": "$" },
  ResultPath: "$.last",
  ...(next ? { Next: next } : { End: true }),
});

/** Compiles a workflow the naive way; `_settings` is unused but keeps the same signature as ours. */
export function compileNaive(workflow: Workflow, _settings: Settings): NaiveMachine {
  const steps = workflow.steps;
  const states: Record<string, State> = {};
  const name = (id: string | undefined) => id ?? "Done";
  steps.forEach((step, i) => {
    const [first, second] = edges(steps, i);
    const next = name(first?.to);
    switch (step.type) {
      case "email":
        states[step.id] = task("SendEmail", next);
        break;
      case "wait":
        states[step.id] = { Type: "Wait", Seconds: toSeconds(step.duration), Next: `${step.id} check` };
        states[`${step.id} check`] = {
          Type: "Choice",
          Choices: [{ Variable: "$.last.Payload.interrupted", BooleanEquals: true, Next: "Interrupted" }],
          Default: next,
        };
        break;
      case "branch":
      case "split":
      case "waitFor":
        states[step.id] = task("Decide", `${step.id} choose`);
        states[`${step.id} choose`] = {
          Type: "Choice",
          Choices: [
            { Variable: "$.last.Payload.goto", StringEquals: name(second?.to), Next: name(second?.to) },
          ],
          Default: next,
        };
        break;
      default:
        states[step.id] = task(step.type, next);
    }
  });
  states.Interrupted = task("Interrupt", undefined);
  states.Done = task("Complete", undefined);
  return { StartAt: steps[0]!.id, States: states };
}

/** The longest path from start to Done through Next/Default (no interrupts), with the emails on it. */
export function naivePath(machine: NaiveMachine): { transitions: number; emails: number; lambdas: number } {
  type Tally = { transitions: number; emails: number; lambdas: number };
  let worst: Tally = { transitions: 0, emails: 0, lambdas: 0 };
  /** Walks on from `stateName`, `before` being what the path counted up to it. */
  const walk = (stateName: string, before: Tally) => {
    const state = machine.States[stateName]!;
    const isTask = state.Type === "Task";
    const isEmail = isTask && (state.Parameters as { FunctionName: string }).FunctionName === `\${SendEmail}`;
    const here = {
      transitions: before.transitions + 1,
      emails: before.emails + (isEmail ? 1 : 0),
      lambdas: before.lambdas + (isTask ? 1 : 0),
    };
    const nexts: string[] = [];
    if (typeof state.Next === "string") nexts.push(state.Next);
    if (typeof state.Default === "string") nexts.push(state.Default);
    for (const choice of (state.Choices as Array<{ Next: string }> | undefined) ?? [])
      if (choice.Next !== "Interrupted") nexts.push(choice.Next);
    if (nexts.length === 0) {
      if (here.transitions > worst.transitions) worst = here;
      return;
    }
    for (const next of new Set(nexts)) walk(next, here);
  };
  walk(machine.StartAt, { transitions: 0, emails: 0, lambdas: 0 });
  return worst;
}
