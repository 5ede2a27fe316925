import {
  type SendWindow,
  type Settings,
  type Step,
  type StepType,
  toSeconds,
  type Workflow,
} from "../core/language";
import { emitImmediate, emitTask } from "./emit/actions";
import type { State, StateMachine } from "./emit/asl";
import { type EmitContext, TERMINAL } from "./emit/common";
import { emitBranch, emitSplit } from "./emit/decide";
import { emitEmail, resolveSendWindow } from "./emit/email";
import { emitTerminals, settleSeconds } from "./emit/terminal";
import { emitWait, emitWaitFor } from "./emit/wait";
import { type Edge, edges } from "./graph";

/** Steps that do their work and return at once may also complete the enrollment when they end it. */
function canComplete(step: Step): boolean {
  return step.type === "email" || step.type === "setStage" || step.type === "notify";
}

/**
 * The send window of the email a wait leads to: the next step's, when it is an email with a window,
 * or when it is a branch or split whose every target is an email with that same window (the
 * decision takes no time, so the wait still ends when that email may go out). Else null.
 */
function nextEmailsWindow(
  steps: readonly Step[],
  index: ReadonlyMap<string, number>,
  to: string | undefined,
  ctx: EmitContext,
): SendWindow | null {
  const at = to === undefined ? undefined : index.get(to);
  const step = at === undefined ? undefined : steps[at];
  if (step?.type === "email") return resolveSendWindow(step, ctx);
  if (step?.type !== "branch" && step?.type !== "split") return null;
  const windows = edges(steps, at!).map((edge) => {
    const target = edge.to === undefined ? undefined : steps[index.get(edge.to)!];
    return target?.type === "email" ? resolveSendWindow(target, ctx) : null;
  });
  const first = JSON.stringify(windows[0]);
  return windows[0] && windows.every((w) => w && JSON.stringify(w) === first) ? windows[0] : null;
}

/**
 * Waits that can end exactly when the email after them may go out: the email after them (directly,
 * or through a branch or split) has a send window, and every way into the wait is the Next of an
 * email (whose handler then computes the wait's length, and under a send rate reserves the next
 * email's second). Returns those waits and, per email before one, what it must compute.
 */
function windowAwareWaits(workflow: Workflow, ctx: EmitContext) {
  const steps = workflow.steps;
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!index.has(step.id)) index.set(step.id, i);
  });
  const into = new Map<number, Array<{ from: number; direct: boolean }>>();
  steps.forEach((_, i) => {
    for (const edge of edges(steps, i)) {
      if (edge.to === undefined) continue;
      const j = index.get(edge.to)!;
      into.set(j, [
        ...(into.get(j) ?? []),
        {
          from: i,
          direct: steps[i]!.type !== "branch" && steps[i]!.type !== "split" && steps[i]!.type !== "waitFor",
        },
      ]);
    }
  });
  const windowAware = new Set<number>();
  const pauses = new Map<number, { seconds: number; sendWindow: SendWindow }>();
  steps.forEach((step, i) => {
    if (step.type !== "wait" || i === 0) return;
    const [out] = edges(steps, i);
    const sendWindow = nextEmailsWindow(steps, index, out?.to, ctx);
    const sources = into.get(i) ?? [];
    if (
      !sendWindow ||
      sources.length === 0 ||
      !sources.every((source) => source.direct && steps[source.from]!.type === "email")
    )
      return;
    windowAware.add(i);
    for (const source of sources) pauses.set(source.from, { seconds: toSeconds(step.duration), sendWindow });
  });
  return { windowAware, pauses };
}

type WindowAwareWaits = ReturnType<typeof windowAwareWaits>;

/** What an emitter may need besides its step: where the step leads and what the waits around it compute. */
interface StepPlace {
  ctx: EmitContext;
  index: number;
  /** The step's edges, in order (graph.ts). */
  edges: Edge[];
  /** The state after the step; undefined when it ends the workflow and completes the enrollment itself. */
  next: string | undefined;
  waits: WindowAwareWaits;
}

type Emitter<T extends StepType> = (
  step: Extract<Step, { type: T }>,
  place: StepPlace,
) => Record<string, State>;

/** The states of each type of step. Wait and task steps never complete the enrollment, so always have a next. */
const EMITTERS: { [T in StepType]: Emitter<T> } = {
  email: (step, { next, ctx, index, waits }) => emitEmail(step, next, ctx, waits.pauses.get(index)),
  wait: (step, { next, ctx, index, waits }) =>
    emitWait(step, next!, ctx, { windowAware: waits.windowAware.has(index) }),
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
  // With a settle time, every end of the workflow goes through the Settle pause, then Complete.
  const settles = settleSeconds(workflow) > 0;
  let needsComplete = false;
  const ctx: EmitContext = {
    workflow,
    settings,
    target(to) {
      if (to !== undefined) return to;
      needsComplete = true;
      return settles ? TERMINAL.settle : TERMINAL.complete;
    },
  };
  const waits = windowAwareWaits(workflow, ctx);
  const states: Record<string, State> = {};
  steps.forEach((step, index) => {
    const stepEdges = edges(steps, index);
    const to = stepEdges[0]?.to;
    // A step that ends the workflow and can complete the enrollment itself saves a transition
    // (only without a settle time: otherwise the end is the Settle pause).
    const next = to === undefined && !settles && canComplete(step) ? undefined : ctx.target(to);
    const emit = EMITTERS[step.type] as Emitter<StepType>;
    Object.assign(states, emit(step, { ctx, index, edges: stepEdges, next, waits }));
  });
  Object.assign(states, emitTerminals(workflow, { needsComplete }));
  return {
    Comment: `${workflow.kind} '${workflow.id}': ${workflow.name} (compiled by Handoff; do not edit)`,
    QueryLanguage: "JSONPath",
    StartAt: steps[0]!.id,
    States: states,
  };
}
