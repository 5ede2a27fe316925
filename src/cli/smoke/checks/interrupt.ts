/**
 * `interrupt`: mid-pause, the smoke campaign's continue event ends its `hold` at once (the API's
 * SendTaskSuccess on the pause's task token), so the `after-hold` email goes now, not in 7 days.
 */
import { SMOKE_CONTINUE_EVENT, SMOKE_STEPS } from "../../../core/smoke";
import type { CheckContext, CheckOutcome } from "../check-context";
import { waitForEntry } from "../check-context";
import { pausedAtHold } from "../journeys";
import { smokeContact } from "../plan";
import { postSmokeEvent } from "../post-event";

/** Whatever stops the pause from ending is a task-token matter, a missing permission included. */
const TASK_TOKEN = { otherwise: "task-token", permission: "task-token" } as const;

export async function interruptCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "interrupt", "success");
  await pausedAtHold(ctx, contact);
  await postSmokeEvent(ctx, contact.id, SMOKE_CONTINUE_EVENT, TASK_TOKEN);
  await waitForEntry(ctx, contact.id, {
    kind: "email.sent",
    place: { step: SMOKE_STEPS.afterHold },
    missing: `the pause did not end: no after-hold email after ${SMOKE_CONTINUE_EVENT}`,
    cause: TASK_TOKEN.otherwise,
    permission: TASK_TOKEN.permission,
  });
  return { status: "pass", detail: "the event ended the pause at once: the after-hold email was sent" };
}
