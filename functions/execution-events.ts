// Step Functions execution status changes from EventBridge: a failed, timed-out or aborted
// execution ends its enrollment as failed, with the reason, where `handoff failed` lists it.
import { ExecutionStatusChangeEvent, failureOf } from "../src/adapters/aws/events/execution-status";
import { recordExecutionFailure } from "../src/core/engine/failures";
import { wire } from "./wiring";

export async function handler(event: unknown) {
  // A malformed event throws: the async invocation retries, then lands in the dead-letter queue.
  const failure = failureOf(ExecutionStatusChangeEvent.parse(event).detail);
  const recorded = await recordExecutionFailure(wire(), failure);
  return { enrollmentId: failure.enrollmentId, recorded };
}
