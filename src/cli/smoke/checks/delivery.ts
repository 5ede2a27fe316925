/** `delivery`: an email to SES's success address is sent, and its delivery event comes back. */
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, waitForEmail, waitForEntry } from "../check-context";
import { smokeContact } from "../plan";

export async function deliveryCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "delivery", "success");
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, "first");
  await waitForEntry(ctx, contact.id, {
    kind: "email.delivered",
    missing: "the email was sent but no delivery event came back",
    cause: "ses-events",
  });
  return { status: "pass", detail: "sent, and SES's delivery event came back" };
}
