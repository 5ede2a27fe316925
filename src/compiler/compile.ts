import type { Settings, Step, Workflow } from "../core/language";
import { emitNotify, emitSetStage, emitTask } from "./emit/actions";
import type { State, StateMachine } from "./emit/asl";
import { type EmitContext, TERMINAL } from "./emit/common";
import { emitBranch, emitSplit } from "./emit/decide";
import { emitEmail } from "./emit/email";
import { emitTerminals } from "./emit/terminal";
import { emitWait, emitWaitFor } from "./emit/wait";
import { edges } from "./graph";

function assertNever(step: never): never {
  throw new Error(`no emitter for step ${JSON.stringify(step)}`);
}

/** Steps that do their work and return at once may also complete the enrollment when they end it. */
function canComplete(step: Step): boolean {
  return step.type === "email" || step.type === "setStage" || step.type === "notify";
}

/**
 * Emit stage: a checked campaign or sequence to Amazon States Language (JSONPath only). Lambda ARNs
 * are `${Name}` placeholders (see emit/functions.ts). Pure: no I/O, no clock, same input same output.
 */
export function compileWorkflow(workflow: Workflow, settings: Settings): StateMachine {
  const steps = workflow.steps;
  let needsComplete = false;
  const ctx: EmitContext = {
    workflow,
    settings,
    target(to) {
      if (to !== undefined) return to;
      needsComplete = true;
      return TERMINAL.complete;
    },
  };
  const states: Record<string, State> = {};
  steps.forEach((step, index) => {
    const [edge] = edges(steps, index);
    // A step that ends the workflow and can complete the enrollment itself saves a transition.
    const next = edge?.to === undefined && canComplete(step) ? undefined : ctx.target(edge?.to);
    let emitted: Record<string, State>;
    switch (step.type) {
      case "email":
        emitted = emitEmail(step, next, ctx);
        break;
      case "wait":
        emitted = emitWait(step, next!, ctx);
        break;
      case "waitFor": {
        const [then, otherwise] = edges(steps, index);
        emitted = emitWaitFor(step, ctx.target(then!.to), ctx.target(otherwise!.to), ctx);
        break;
      }
      case "branch":
        emitted = emitBranch(step, ctx);
        break;
      case "split":
        emitted = emitSplit(step, ctx);
        break;
      case "setStage":
        emitted = emitSetStage(step, next, ctx);
        break;
      case "notify":
        emitted = emitNotify(step, next, ctx);
        break;
      case "task":
        emitted = emitTask(step, next!, ctx);
        break;
      default:
        assertNever(step);
    }
    Object.assign(states, emitted);
  });
  Object.assign(states, emitTerminals(workflow, needsComplete));
  return {
    Comment: `${workflow.kind} '${workflow.id}': ${workflow.name} (compiled by Handoff; do not edit)`,
    QueryLanguage: "JSONPath",
    StartAt: steps[0]!.id,
    States: states,
  };
}
