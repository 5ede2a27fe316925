/**
 * The ways into a check that several checks share: a smoke contact enrolled and its first email
 * delivered (delivery, out-of-office), or paused at the smoke campaign's `hold` with its task token
 * recorded (interrupt, handoff). Each fails as its steps in src/cli/smoke/check-context.ts do.
 */
import { SMOKE_STEPS } from "../../core/smoke";
import { type CheckContext, enrollSmoke, waitForEmail, waitForEntry, waitForStep } from "./check-context";
import type { SmokeContact } from "./plan";

/** Enrolls `contact` in the smoke campaign and waits until its first email was sent and delivered. */
export async function deliveredFirstEmail(ctx: CheckContext, contact: SmokeContact): Promise<void> {
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, SMOKE_STEPS.first);
  await waitForEntry(ctx, contact.id, {
    kind: "email.delivered",
    missing: "the email was sent but no delivery event came back",
    cause: "ses-events",
  });
}

/** Enrolls `contact` in the smoke campaign and waits until, its first email sent, it pauses at `hold`. */
export async function pausedAtHold(ctx: CheckContext, contact: SmokeContact): Promise<void> {
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, SMOKE_STEPS.first);
  await waitForStep(ctx, contact.id, SMOKE_STEPS.hold);
}
