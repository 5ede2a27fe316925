/**
 * `handoff`: mid-pause, the smoke campaign's handoff event ends the campaign as `handed-off`
 * (SendTaskFailure on the pause's token) and starts the `handoff-smoke-sales` sequence, whose
 * machine sends its email (StartExecution, and the sequence's own machine).
 */
import { SMOKE_CAMPAIGN, SMOKE_HANDOFF_EVENT, SMOKE_SEQUENCE } from "../../../core/smoke";
import type { CheckContext, CheckOutcome } from "../check-context";
import { waitForEntry } from "../check-context";
import { pausedAtHold } from "../journeys";
import { smokeContact } from "../plan";
import { postSmokeEvent } from "../post-event";

/** A missing permission here is StartExecution's (the handoff step starts the sequence). */
const PERMISSION = "start-execution";

export async function handoffCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "handoff", "success");
  await pausedAtHold(ctx, contact);
  await postSmokeEvent(ctx, contact.id, SMOKE_HANDOFF_EVENT, {
    otherwise: "task-token",
    permission: PERMISSION,
  });
  const handedOffThenSent = [
    {
      kind: "handoff",
      place: { workflow: SMOKE_CAMPAIGN },
      missing: `the campaign was not handed off after ${SMOKE_HANDOFF_EVENT}`,
      cause: "task-token",
    },
    {
      kind: "email.sent",
      place: { workflow: SMOKE_SEQUENCE },
      missing: `handed off, but the ${SMOKE_SEQUENCE} sequence sent no email`,
      cause: "start-execution",
    },
  ] as const;
  for (const wanted of handedOffThenSent)
    await waitForEntry(ctx, contact.id, { ...wanted, permission: PERMISSION });
  return { status: "pass", detail: `handed off: the ${SMOKE_SEQUENCE} sequence started and sent its email` };
}
