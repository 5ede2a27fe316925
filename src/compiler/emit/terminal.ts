import { DEFAULT_SETTLE, toSeconds, type Workflow } from "../../core/language";
import type { State } from "./asl";
import { basePayload, lambdaTask, TERMINAL, tokenWait } from "./common";

/** What the step that ends a workflow passes so its handler completes the enrollment. */
export function completion(workflow: Workflow): { complete: Record<string, unknown> } {
  return { complete: { ...(workflow.onComplete ?? {}) } };
}

/** Seconds an enrollment stays open after its last step (`settle`, default 3 days); 0 ends it at once. */
export function settleSeconds(workflow: Workflow): number {
  return toSeconds(workflow.settle ?? DEFAULT_SETTLE);
}

/**
 * The open time after the last step: an interruptible pause, so a reply or a click on the last
 * email still hands off, stops or converts. When it runs its course, the enrollment completes.
 */
function emitSettle(workflow: Workflow, seconds: number): State {
  return tokenWait({
    fn: "pause",
    comment: `Stay open ${workflow.settle ?? DEFAULT_SETTLE} after the last step; then complete`,
    workflow,
    payload: { step: { id: TERMINAL.settle, type: "settle", seconds } },
    timeout: { timeoutSeconds: seconds },
    onTimeout: TERMINAL.complete,
    next: TERMINAL.complete,
  });
}

/**
 * The states every path ends in: handoff, exit, stop, converted, and, when some path ends without a
 * step that completes the enrollment itself (`needsComplete`), a completion task; the settle pause
 * when some path ends at a step other than an email (`needsSettle`: a last email keeps the settle
 * on its own state, folded-waits.ts).
 */
export function emitTerminals(
  workflow: Workflow,
  { needsComplete, needsSettle }: { needsComplete: boolean; needsSettle: boolean },
): Record<string, State> {
  const states: Record<string, State> = {};
  if (workflow.kind === "campaign" && workflow.handoff) {
    const h = workflow.handoff;
    states[TERMINAL.handoff] = lambdaTask({
      fn: "handoff",
      comment: `Hand off to '${h.to}': set stage, assign an owner, notify, enroll`,
      payload: {
        ...basePayload(workflow),
        handoff: {
          to: h.to,
          ...(h.setStage ? { setStage: h.setStage } : {}),
          ...(h.assign ? { assign: h.assign } : {}),
          ...(h.notify ? { notify: h.notify } : {}),
          ...(h.scope === "account" ? { scope: h.scope, enroll: h.enroll ?? "triggering" } : {}),
        },
      },
    });
  }
  if (workflow.kind === "sequence")
    states[TERMINAL.stopped] = { Type: "Succeed", Comment: "stopWhen fired (recorded on the enrollment)" };
  if (workflow.goal)
    states[TERMINAL.converted] = { Type: "Succeed", Comment: "goal reached (recorded on the enrollment)" };
  states[TERMINAL.exited] = {
    Type: "Succeed",
    Comment: "Exited: exitWhen, unsubscribe, bounce or complaint (recorded on the enrollment)",
  };
  const settle = settleSeconds(workflow);
  if (needsSettle && settle > 0) states[TERMINAL.settle] = emitSettle(workflow, settle);
  if (needsComplete) {
    states[TERMINAL.complete] = lambdaTask({
      fn: "complete",
      comment: "Complete the enrollment and run onComplete",
      payload: { ...basePayload(workflow), ...completion(workflow) },
    });
  }
  return states;
}
