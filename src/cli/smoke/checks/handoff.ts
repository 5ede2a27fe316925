/**
 * `handoff`: mid-pause, the smoke campaign's handoff event ends the campaign as `handed-off`
 * (SendTaskFailure on the pause's token) and starts the `handoff-smoke-sales` sequence, whose
 * machine sends its email (StartExecution, and the sequence's own machine).
 */
import { SMOKE_CAMPAIGN, SMOKE_HANDOFF_EVENT, SMOKE_SEQUENCE } from "../../../core/smoke";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, waitForEmail, waitForEntry, waitForStep } from "../check-context";
import { smokeContact } from "../plan";
import { postToPause } from "../post-event";

export async function handoffCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "handoff", "success");
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, "first");
  await waitForStep(ctx, contact.id, "hold");
  await postToPause(ctx, contact.id, SMOKE_HANDOFF_EVENT, {
    otherwise: "task-token",
    permission: "start-execution",
  });
  await waitForEntry(ctx, contact.id, {
    kind: "handoff",
    place: { workflow: SMOKE_CAMPAIGN },
    missing: `the campaign was not handed off after ${SMOKE_HANDOFF_EVENT}`,
    cause: "task-token",
    permission: "start-execution",
  });
  await waitForEntry(ctx, contact.id, {
    kind: "email.sent",
    place: { workflow: SMOKE_SEQUENCE },
    missing: `handed off, but the ${SMOKE_SEQUENCE} sequence sent no email`,
    cause: "start-execution",
    permission: "start-execution",
  });
  return { status: "pass", detail: `handed off: the ${SMOKE_SEQUENCE} sequence started and sent its email` };
}
