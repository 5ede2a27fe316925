import type { Settings, Step, StepType, Workflow } from "../core/language";
import { emitImmediate, emitTask } from "./emit/actions";
import type { State, StateMachine } from "./emit/asl";
import { type EmitContext, TERMINAL } from "./emit/common";
import { emitBranch, emitSplit } from "./emit/decide";
import { emitEmail } from "./emit/email";
import { emitTerminals, settleSeconds } from "./emit/terminal";
import { emitWait, emitWaitFor } from "./emit/wait";
import { type FoldedWaits, foldedWaits } from "./folded-waits";
import { type Edge, edges } from "./graph";

/** Steps that do their work and return at once may also complete the enrollment when they end it. */
function canComplete(step: Step): boolean {
  return step.type === "email" || step.type === "setStage" || step.type === "notify";
}

/** What an emitter may need besides its step: where the step leads and which waits fold into the emails before them. */
interface StepPlace {
  ctx: EmitContext;
  index: number;
  /** The step's edges, in order (graph.ts). */
  edges: Edge[];
  /** The state after the step; undefined when it ends the workflow and completes the enrollment itself. */
  next: string | undefined;
  folds: FoldedWaits;
}

type Emitter<T extends StepType> = (
  step: Extract<Step, { type: T }>,
  place: StepPlace,
) => Record<string, State>;

/** The states of each type of step. Wait and task steps never complete the enrollment, so always have a next. */
const EMITTERS: { [T in StepType]: Emitter<T> } = {
  email: (step, { next, ctx, index, folds }) => emitEmail(step, next, ctx, folds.emails.get(index)),
  wait: (step, { next, ctx, index, folds }) => emitWait(step, next!, ctx, { folded: folds.waits.has(index) }),
  waitFor: (step, { ctx, edges: [then, otherwise] }) =>
    emitWaitFor(step, ctx.target(then!.to), ctx.target(otherwise!.to), ctx),
  branch: (step, { ctx }) => emitBranch(step, ctx),
  split: (step, { ctx }) => emitSplit(step, ctx),
  setStage: (step, { next, ctx }) => emitImmediate(step, next, ctx),
  notify: (step, { next, ctx }) => emitImmediate(step, next, ctx),
  task: (step, { next, ctx }) => emitTask(step, next!, ctx),
};

/**
 * Emit stage: a checked campaign or sequence to Amazon States Language (JSONPath only). Lambda ARNs
 * are `${Name}` placeholders (see src/core/step-lambdas.ts). Pure: no I/O, no clock, same input same output.
 */
export function compileWorkflow(workflow: Workflow, settings: Settings): StateMachine {
  const steps = workflow.steps;
  // With a settle time, every end of the workflow goes through the Settle pause, then Complete: a
  // last email keeps it on its own state (folded-waits.ts), any other step goes to Settle.
  const settles = settleSeconds(workflow) > 0;
  const ending = { needsComplete: false, needsSettle: false };
  const ctx: EmitContext = {
    workflow,
    settings,
    target(to) {
      if (to !== undefined) return to;
      ending.needsComplete = true;
      ending.needsSettle ||= settles;
      return settles ? TERMINAL.settle : TERMINAL.complete;
    },
  };
  const folds = foldedWaits(workflow, ctx);
  const states: Record<string, State> = {};
  steps.forEach((step, index) => {
    const stepEdges = edges(steps, index);
    const to = stepEdges[0]?.to;
    const pause = folds.emails.get(index);
    if (pause?.next === TERMINAL.complete) ending.needsComplete = true;
    // A step that ends the workflow and can complete the enrollment itself saves a transition
    // (only without a settle time: otherwise the end is the settle pause).
    const next = pause
      ? pause.next
      : to === undefined && !settles && canComplete(step)
        ? undefined
        : ctx.target(to);
    const emit = EMITTERS[step.type] as Emitter<StepType>;
    Object.assign(states, emit(step, { ctx, index, edges: stepEdges, next, folds }));
  });
  Object.assign(states, emitTerminals(workflow, ending));
  return {
    Comment: `${workflow.kind} '${workflow.id}': ${workflow.name} (compiled by Handoff; do not edit)`,
    QueryLanguage: "JSONPath",
    StartAt: steps[0]!.id,
    States: states,
  };
}
