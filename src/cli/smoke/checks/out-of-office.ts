/**
 * `out-of-office`: SES's out-of-office address answers the email automatically; that answer must
 * not count as a reply (no `email.replied`, no handoff). It also says whether the answer reached the
 * inbound function (`email.autoreply`). SES may send its simulator's answer to the envelope sender
 * (its own feedback address) rather than the reply address, so an answer that never comes is not a
 * failure: the check then proves only that nothing was taken as a reply.
 */
import type { ContactDetail } from "../../../core/reports/report-types";
import { SMOKE_CAMPAIGN } from "../../../core/smoke";
import { SmokeCheckFailed } from "../causes";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollmentIn, has } from "../contact-state";
import { deliveredFirstEmail } from "../journeys";
import { smokeContact } from "../plan";
import { smokeLinksOf } from "../smoke-links";
import { waitFor } from "../wait";

/** How long after the delivery the answer is waited for at most (one comes within seconds, if at all). */
const ANSWER_WAIT_MS = 20_000;

const answered = (detail: ContactDetail | undefined) =>
  has(detail, "email.autoreply") || has(detail, "email.replied");

/** The contact once the answer came, or as it is when none came (at once when replies are off). */
async function afterTheAnswer(ctx: CheckContext, contactId: string, repliesOn: boolean) {
  if (!repliesOn) return ctx.api.contact(contactId);
  const deadline = Math.min(ctx.budget.deadline, Date.now() + ANSWER_WAIT_MS);
  return (await waitFor(() => ctx.api.contact(contactId), answered, { ...ctx.budget, deadline })).value;
}

export async function outOfOfficeCheck(ctx: CheckContext): Promise<CheckOutcome> {
  const contact = smokeContact(ctx.run, "out-of-office", "ooto");
  await deliveredFirstEmail(ctx, contact);
  const { replyAddress } = await smokeLinksOf(ctx, contact.id);
  const started = Date.now();
  const detail = await afterTheAnswer(ctx, contact.id, replyAddress !== null);
  if (has(detail, "email.replied") || enrollmentIn(detail, SMOKE_CAMPAIGN)?.status === "handed-off")
    throw new SmokeCheckFailed("the out-of-office answer was recorded as a reply", "autoreply-as-reply");
  if (has(detail, "email.autoreply"))
    return {
      status: "pass",
      detail:
        "delivered; the out-of-office answer reached the inbound function as an auto-reply, not a reply",
    };
  const waited = Math.round((Date.now() - started) / 1000);
  const why = replyAddress
    ? `no out-of-office answer reached the inbound function in ${waited} s (SES may send it to the envelope sender instead)`
    : "replies are off on this stage, so the out-of-office answer goes nowhere";
  return { status: "pass", detail: `delivered, not taken as a reply; ${why}` };
}
