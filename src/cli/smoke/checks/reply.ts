/**
 * `reply` (skipped when the stage handles no replies): a second contact whose address is the first
 * contact's reply address is enrolled; Handoff's email to it goes through SES receiving to the
 * inbound function as a reply to the first contact would, and lands on the first contact's timeline.
 */

import type { ContactDetail } from "../../../core/reports/report-types";
import { SMOKE_STEPS } from "../../../core/smoke";
import { SmokeCheckFailed } from "../causes";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, waitForEmail } from "../check-context";
import { has } from "../contact-state";
import { smokeContact } from "../plan";
import { smokeLinksOf } from "../smoke-links";
import { waitFor } from "../wait";

const received = (detail: ContactDetail | undefined) =>
  has(detail, "email.replied") || has(detail, "email.autoreply");

export async function replyCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "reply", "success");
  await enrollSmoke(ctx, contact);
  await waitForEmail(ctx, contact.id, SMOKE_STEPS.first);
  const { replyAddress } = await smokeLinksOf(ctx, contact.id);
  if (replyAddress === null)
    return { status: "skip", detail: "this stage handles no replies (replyDomain: false)" };
  const replier = { id: `${contact.id}-from`, email: replyAddress };
  await enrollSmoke(ctx, replier);
  await waitForEmail(ctx, replier.id, SMOKE_STEPS.first);
  const { value, met } = await waitFor(() => ctx.api.contact(contact.id), received, ctx.budget);
  if (!met)
    throw new SmokeCheckFailed(
      `mail to the reply address (${replyAddress.split("@")[1]}) did not reach the inbound function within ${ctx.timeoutSeconds} s`,
      "receiving",
    );
  const as = has(value, "email.replied") ? "a reply" : "an auto-reply";
  return {
    status: "pass",
    detail: `mail to the reply address reached the inbound function (recorded as ${as})`,
  };
}
