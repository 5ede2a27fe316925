/**
 * `interrupt`: mid-pause, the smoke campaign's continue event ends its `hold` at once (the API's
 * SendTaskSuccess on the pause's task token), so the `after-hold` email goes now, not in 7 days.
 */
import { SMOKE_CONTINUE_EVENT } from "../../../core/smoke";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, waitForEmail, waitForEntry, waitForStep } from "../check-context";
import { smokeContact } from "../plan";
import { postToPause } from "../post-event";

export async function interruptCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "interrupt", "success");
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, "first");
  await waitForStep(ctx, contact.id, "hold");
  await postToPause(ctx, contact.id, SMOKE_CONTINUE_EVENT, {
    otherwise: "task-token",
    permission: "task-token",
  });
  await waitForEntry(ctx, contact.id, {
    kind: "email.sent",
    place: { step: "after-hold" },
    missing: `the pause did not end: no after-hold email after ${SMOKE_CONTINUE_EVENT}`,
    cause: "task-token",
    permission: "task-token",
  });
  return { status: "pass", detail: "the event ended the pause at once: the after-hold email was sent" };
}
