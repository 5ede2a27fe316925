/** `delivery`: an email to SES's success address is sent, and its delivery event comes back. */
import type { CheckContext, CheckOutcome } from "../check-context";
import { deliveredFirstEmail } from "../journeys";
import { smokeContact } from "../plan";

export async function deliveryCheck(ctx: CheckContext): Promise<CheckOutcome> {
  await deliveredFirstEmail(ctx, smokeContact(ctx.run, "delivery", "success"));
  return { status: "pass", detail: "sent, and SES's delivery event came back" };
}
