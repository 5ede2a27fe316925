import type { PauseAfter } from "../core/engine/payloads";
import { type SendWindow, type Step, toSeconds, type Workflow } from "../core/language";
import { type EmitContext, TERMINAL } from "./emit/common";
import { type EmailPause, resolveSendWindow } from "./emit/email";
import { settleSeconds } from "./emit/terminal";
import { edges } from "./graph";

/** Which waits (and the settle) fold into the email state before them. */
export interface FoldedWaits {
  /** Indexes of the waits folded into the emails before them: emitted as the stretch route (window-aware). */
  waits: Set<number>;
  /** Per email step index, the pause its state keeps. */
  emails: Map<number, EmailPause>;
}

/** The first step index of every step id (a repeated id resolves to its first step, as the graph does). */
function indexOfIds(steps: readonly Step[]): Map<string, number> {
  const index = new Map<string, number>();
  steps.forEach((step, i) => {
    if (!index.has(step.id)) index.set(step.id, i);
  });
  return index;
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

/** Per step index, the steps whose edges lead into it. */
function waysIn(steps: readonly Step[], index: ReadonlyMap<string, number>): Map<number, number[]> {
  const into = new Map<number, number[]>();
  steps.forEach((_, i) => {
    for (const edge of edges(steps, i)) {
      if (edge.to === undefined) continue;
      const j = index.get(edge.to)!;
      into.set(j, [...(into.get(j) ?? []), i]);
    }
  });
  return into;
}

/**
 * A wait folds into the email before it when every way into the wait is the Next of an email: that
 * email's state sends, then sleeps the wait's length on its own token (1 transition for both).
 * When the email after the wait (directly, or through a branch or split whose targets share one
 * window) would fall outside its send window, or its second under the send rate is full, the
 * handler stretches the pause: it succeeds its token and the state goes on to the wait's own state.
 * The last email of a workflow with a settle time folds the Settle pause the same way (no stretch:
 * no email follows). Waits reached otherwise (from a branch, a waitFor, a task) stay standalone.
 */
export function foldedWaits(workflow: Workflow, ctx: EmitContext): FoldedWaits {
  const steps = workflow.steps;
  const index = indexOfIds(steps);
  const into = waysIn(steps, index);
  const folded: FoldedWaits = { waits: new Set(), emails: new Map() };
  steps.forEach((step, i) => {
    if (step.type !== "wait" || i === 0) return;
    const sources = into.get(i) ?? [];
    if (sources.length === 0 || !sources.every((from) => steps[from]!.type === "email")) return;
    const [out] = edges(steps, i);
    const sendWindow = nextEmailsWindow(steps, index, out?.to, ctx);
    const pauseAfter: PauseAfter = {
      stepId: step.id,
      kind: "wait",
      seconds: toSeconds(step.duration),
      ...(sendWindow ? { sendWindow } : {}),
    };
    folded.waits.add(i);
    for (const from of sources)
      folded.emails.set(from, { pauseAfter, onTimeout: ctx.target(out?.to), next: step.id });
  });
  const settle = settleSeconds(workflow);
  if (settle === 0) return folded;
  steps.forEach((step, i) => {
    if (step.type !== "email" || edges(steps, i)[0]?.to !== undefined) return;
    folded.emails.set(i, {
      pauseAfter: { stepId: TERMINAL.settle, kind: "settle", seconds: settle },
      onTimeout: TERMINAL.complete,
      next: TERMINAL.complete,
    });
  });
  return folded;
}
