// SES engagement events from EventBridge: map, store once, score, suppress, interrupt.
import { ingestEvent } from "../src/core/engine/ingest";
import { mapSesEvent, SesEventBridgeEvent } from "../src/core/engine/ses-events";
import { wire } from "./wiring";

export async function handler(event: unknown) {
  // A malformed event throws: the async invocation retries, then lands in the dead-letter queue.
  const parsed = SesEventBridgeEvent.parse(event);
  const mapped = mapSesEvent(parsed.detail);
  if (!mapped) return { ignored: parsed.detail.eventType };
  const result = await ingestEvent(wire(), mapped);
  return { event: mapped.name, duplicate: result.duplicate };
}
