import type { Contact } from "../model";
import { countEnding } from "./count-facts";
import type { EngineDeps } from "./deps";
import { enroll } from "./enroll-contact";
import type { CompleteSpec } from "./payloads";
import { changeStage } from "./rules";
import type { Situation } from "./situation";

/**
 * Ends an enrollment that reached its last step, then runs onComplete (set a stage, enroll in the
 * next workflow). Safe to run twice: the status moves only from active, the enrollment is keyed.
 */
export async function completeEnrollment(
  deps: EngineDeps,
  contact: Contact,
  enrollmentId: string,
  workflowId: string,
  spec: CompleteSpec,
): Promise<void> {
  const now = deps.clock.now().toISOString();
  await deps.store.updateEnrollment(
    contact.id,
    enrollmentId,
    { status: "completed", endedAt: now, reason: "completed" },
    ["active"],
  );
  const ended = await deps.store.getEnrollment(contact.id, enrollmentId);
  if (ended?.status !== "completed") return;
  await countEnding(deps, ended);
  if (spec.setStage)
    await changeStage(deps, contact, spec.setStage, {
      by: `workflow:${workflowId}`,
      reason: "onComplete",
      direction: "any",
    });
  if (spec.enroll)
    await enroll(deps, contact.id, spec.enroll, { enrollmentId, workflowId, why: "onComplete" });
}

/** Completes the situation's enrollment when the step was its last (the payload carries `complete`). */
export async function completeIfLast(
  deps: EngineDeps,
  situation: Situation,
  complete: CompleteSpec | undefined,
): Promise<void> {
  if (!complete) return;
  const { contact, enrollment, workflow } = situation;
  await completeEnrollment(deps, contact, enrollment.id, workflow.id, complete);
}
