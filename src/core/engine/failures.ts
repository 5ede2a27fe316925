import { countEnding } from "./count-facts";
import type { EngineDeps } from "./deps";

/**
 * An execution that ended badly: its enrollment and Step Functions' error (the AWS adapter reads it
 * from EventBridge's status change: src/adapters/aws/events/execution-status.ts).
 */
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
  const failed = await deps.store.updateEnrollment(
    failure.contactId,
    failure.enrollmentId,
    { status: "failed", reason, endedAt: deps.clock.now().toISOString() },
    ["active"],
  );
  // Read back on every attempt: the one that failed it may have died before counting.
  const ended = await deps.store.getEnrollment(failure.contactId, failure.enrollmentId);
  if (ended) await countEnding(deps, ended);
  return failed;
}
