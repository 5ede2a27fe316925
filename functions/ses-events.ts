// SES engagement events from EventBridge: map, store once, score, suppress, interrupt; a Send
// event settles an uncertain send. Every 15 minutes (a schedule), also counts the sends that
// stayed uncertain, as a metric the StaleUncertainSends alarm watches.
import { mailEventOf, SesEventBridgeEvent } from "../src/adapters/aws/events/ses-event";
import { emfLine, STALE_UNCERTAIN_SENDS } from "../src/adapters/aws/metrics";
import { receiveMailEvent } from "../src/core/engine/mail-events";
import { countStaleUncertainSends, UNCERTAIN_SENDS_CHECK } from "../src/core/engine/uncertain-sends";
import * as z from "../src/core/language/zod-mini";
import { logger } from "./logger";
import { wire } from "./wiring";

const UncertainSendsCheck = z.strictObject({ check: z.literal(UNCERTAIN_SENDS_CHECK.check) });

export async function handler(event: unknown) {
  if (UncertainSendsCheck.safeParse(event).success) return checkUncertainSends();
  // A malformed event throws: the async invocation retries, then lands in the dead-letter queue.
  const parsed = SesEventBridgeEvent.parse(event);
  return receiveMailEvent(wire(), mailEventOf(parsed.detail));
}

async function checkUncertainSends() {
  const deps = wire();
  const stale = await countStaleUncertainSends(deps);
  const configurationSet = process.env.HANDOFF_CONFIGURATION_SET ?? "";
  // Raw stdout, not the logger: CloudWatch reads a line that is the EMF object itself.
  process.stdout.write(`${emfLine(STALE_UNCERTAIN_SENDS, stale, configurationSet, deps.clock.now())}\n`);
  if (stale > 0) logger.warn("sends still uncertain: list them with GET /sends/uncertain", { stale });
  return { staleUncertainSends: stale };
}
