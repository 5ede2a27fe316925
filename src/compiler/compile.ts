import { type SendWindow, type Settings, type Step, toSeconds, type Workflow } from "../core/language";
import { emitNotify, emitSetStage, emitTask } from "./emit/actions";
import type { State, StateMachine } from "./emit/asl";
import { type EmitContext, TERMINAL } from "./emit/common";
import { emitBranch, emitSplit } from "./emit/decide";
import { emitEmail, resolveSendWindow } from "./emit/email";
import { emitTerminals, settleSeconds } from "./emit/terminal";
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
  steps.forEach((s, i) => {
    if (!index.has(s.id)) index.set(s.id, i);
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
      !sources.every((s) => s.direct && steps[s.from]!.type === "email")
    )
      return;
    windowAware.add(i);
    for (const s of sources) pauses.set(s.from, { seconds: toSeconds(step.duration), sendWindow });
  });
  return { windowAware, pauses };
}

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
  const { windowAware, pauses } = windowAwareWaits(workflow, ctx);
  const states: Record<string, State> = {};
  steps.forEach((step, index) => {
    const [edge] = edges(steps, index);
    // A step that ends the workflow and can complete the enrollment itself saves a transition
    // (only without a settle time: otherwise the end is the Settle pause).
    const next = edge?.to === undefined && !settles && canComplete(step) ? undefined : ctx.target(edge?.to);
    let emitted: Record<string, State>;
    switch (step.type) {
      case "email":
        emitted = emitEmail(step, next, ctx, pauses.get(index));
        break;
      case "wait":
        emitted = emitWait(step, next!, ctx, windowAware.has(index));
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
