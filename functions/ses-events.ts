// SES engagement events from EventBridge: map, store once, score, suppress, interrupt.
import { SesEventBridgeEvent } from "../src/core/engine/ses-events";
import { receiveSesEvent } from "../src/core/engine/ses-receive";
import { wire } from "./wiring";

export async function handler(event: unknown) {
  // A malformed event throws: the async invocation retries, then lands in the dead-letter queue.
  const parsed = SesEventBridgeEvent.parse(event);
  return receiveSesEvent(wire(), parsed.detail);
}
