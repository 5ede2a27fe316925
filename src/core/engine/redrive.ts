import type { Enrollment } from "../model";
import type { Page } from "../ports";
import { countRedriven } from "./count-facts";
import type { EngineDeps } from "./deps";

export interface FailedEnrollment {
  contactId: string;
  enrollmentId: string;
  workflowId: string;
  reason: string;
  failedAt?: string;
  currentStep?: string;
}

export type RedriveOutcome =
  | { status: "redriven"; contactId: string; enrollmentId: string }
  | { status: "not-failed" | "not-found" | "not-redrivable"; contactId: string; enrollmentId: string };

const summary = (e: Enrollment): FailedEnrollment => ({
  contactId: e.contactId,
  enrollmentId: e.id,
  workflowId: e.workflowId,
  reason: e.reason ?? "unknown",
  ...(e.endedAt ? { failedAt: e.endedAt } : {}),
  ...(e.currentStep ? { currentStep: e.currentStep } : {}),
});

/**
 * Enrollments whose execution failed (retries spent, or an error no retry fixes), oldest first, a
 * page at a time.
 */
export async function failedEnrollments(
  deps: EngineDeps,
  page: { workflowId?: string; limit: number; cursor?: string },
): Promise<Page<FailedEnrollment>> {
  const { items, cursor } = await deps.store.listEnrollmentsByStatus("failed", page);
  return { items: items.map(summary), ...(cursor ? { cursor } : {}) };
}

/**
 * Resumes a failed enrollment where it failed: the enrollment is active again first (its steps
 * refuse to run for an ended one), then Step Functions redrives the execution from the failed
 * state. The send ledger makes a redriven email step send at most once. If the redrive is refused,
 * the enrollment goes back to failed with its reason.
 */
export async function redriveEnrollment(
  deps: EngineDeps,
  contactId: string,
  enrollmentId: string,
): Promise<RedriveOutcome> {
  const ids = { contactId, enrollmentId };
  const enrollment = await deps.store.getEnrollment(contactId, enrollmentId);
  if (!enrollment) return { status: "not-found", ...ids };
  if (enrollment.status !== "failed") return { status: "not-failed", ...ids };
  const failed = { status: "failed" as const, reason: enrollment.reason, endedAt: enrollment.endedAt };
  if (
    !(await deps.store.updateEnrollment(
      contactId,
      enrollmentId,
      { status: "active", reason: undefined, endedAt: undefined },
      ["failed"],
    ))
  )
    return { status: "not-failed", ...ids };
  let outcome: "redriven" | "not-redrivable" = "not-redrivable";
  try {
    outcome = await deps.control.redriveExecution(enrollment.workflowId, enrollment.executionName);
  } finally {
    if (outcome !== "redriven")
      await deps.store.updateEnrollment(contactId, enrollmentId, failed, ["active"]);
  }
  if (outcome === "redriven") await countRedriven(deps, enrollment);
  return { status: outcome, ...ids };
}
