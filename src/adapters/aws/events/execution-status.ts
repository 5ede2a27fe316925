// Step Functions execution status changes as EventBridge delivers them, and the ExecutionFailure
// the core's recordExecutionFailure takes (src/core/engine/failures.ts).
import type { ExecutionFailure } from "../../../core/engine/failures";
import * as z from "../../../core/language/zod-mini";

/** The `detail` of EventBridge's "Step Functions Execution Status Change" for an execution that ended badly. */
export const ExecutionStatusChange = z.object({
  status: z.enum(["FAILED", "TIMED_OUT", "ABORTED"]),
  name: z.string(),
  /** The execution input as JSON text: Handoff's machines start with `{ enrollmentId, contactId }`. */
  input: z.string(),
  error: z.nullish(z.string()),
  cause: z.nullish(z.string()),
});
export type ExecutionStatusChange = z.infer<typeof ExecutionStatusChange>;

/** The EventBridge event around it (functions/execution-events.ts reads only its `detail`). */
export const ExecutionStatusChangeEvent = z.object({ detail: ExecutionStatusChange });

const ExecutionInput = z.object({
  enrollmentId: z.string().check(z.minLength(1)),
  contactId: z.string().check(z.minLength(1)),
});

/** The failure to record for a status change; throws when the input is not an enrollment's. */
export function failureOf(detail: ExecutionStatusChange): ExecutionFailure {
  const input = ExecutionInput.parse(JSON.parse(detail.input));
  const error =
    detail.error ??
    (detail.status === "TIMED_OUT" ? "States.Timeout" : detail.status === "ABORTED" ? "Aborted" : "Failed");
  return { ...input, error, ...(detail.cause ? { cause: detail.cause } : {}) };
}
