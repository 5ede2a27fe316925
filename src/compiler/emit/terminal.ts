import type { Workflow } from "../../core/language";
import type { State } from "./asl";
import { basePayload, lambdaTask, TERMINAL } from "./common";

/** What the step that ends a workflow passes so its handler completes the enrollment. */
export function completion(workflow: Workflow): { complete: Record<string, unknown> } {
  return { complete: { ...(workflow.onComplete ?? {}) } };
}

/** The states every path ends in: handoff, exit, stop, and a completion task where no step can complete. */
export function emitTerminals(workflow: Workflow, needsComplete: boolean): Record<string, State> {
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
        },
      },
    });
  }
  if (workflow.kind === "sequence")
    states[TERMINAL.stopped] = { Type: "Succeed", Comment: "stopWhen fired (recorded on the enrollment)" };
  states[TERMINAL.exited] = {
    Type: "Succeed",
    Comment: "Exited: exitWhen, unsubscribe, bounce or complaint (recorded on the enrollment)",
  };
  if (needsComplete) {
    states[TERMINAL.complete] = lambdaTask({
      fn: "complete",
      comment: "Complete the enrollment and run onComplete",
      payload: { ...basePayload(workflow), ...completion(workflow) },
    });
  }
  return states;
}
