import { z } from "zod";
import type { EngineDeps } from "./deps";

export interface ExecutionFailure {
  contactId: string;
  enrollmentId: string;
  /** The error name Step Functions reports (after the machine's retries were spent). */
  error: string;
  cause?: string;
}

/**
 * An execution that failed (retries spent, or an error no retry fixes) ends its enrollment as
 * failed, with the reason: the enrollment stops counting as running, shows in the failed list, and
 * a redrive can resume it. False when the enrollment had already ended.
 */
export async function recordExecutionFailure(deps: EngineDeps, failure: ExecutionFailure): Promise<boolean> {
  const reason = `${failure.error}${failure.cause ? `: ${failure.cause}` : ""}`.slice(0, 500);
  return deps.store.updateEnrollment(
    failure.contactId,
    failure.enrollmentId,
    { status: "failed", reason, endedAt: deps.clock.now().toISOString() },
    ["active"],
  );
}

/** The `detail` of EventBridge's "Step Functions Execution Status Change" for an execution that ended badly. */
export const ExecutionStatusChange = z.object({
  status: z.enum(["FAILED", "TIMED_OUT", "ABORTED"]),
  name: z.string(),
  /** The execution input as JSON text: Handoff's machines start with `{ enrollmentId, contactId }`. */
  input: z.string(),
  error: z.string().nullish(),
  cause: z.string().nullish(),
});
export type ExecutionStatusChange = z.infer<typeof ExecutionStatusChange>;

const ExecutionInput = z.object({ enrollmentId: z.string().min(1), contactId: z.string().min(1) });

/** The failure to record for a status change; throws when the input is not an enrollment's. */
export function failureOf(detail: ExecutionStatusChange): ExecutionFailure {
  const input = ExecutionInput.parse(JSON.parse(detail.input));
  const error =
    detail.error ??
    (detail.status === "TIMED_OUT" ? "States.Timeout" : detail.status === "ABORTED" ? "Aborted" : "Failed");
  return { ...input, error, ...(detail.cause ? { cause: detail.cause } : {}) };
}
