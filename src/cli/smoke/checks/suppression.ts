/**
 * `bounce`, `complaint`, `suppression-list`: SES's bounce, complaint and suppression-list addresses
 * come back as a bounce or a complaint, and the address is suppressed (never emailed again).
 */
import { type SimulatorOutcome, SMOKE_STEPS } from "../../../core/smoke";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, expectSuppressed, waitForEmail, waitForEntry } from "../check-context";
import { type SmokeCheckId, smokeContact } from "../plan";

interface SuppressingOutcome {
  check: SmokeCheckId;
  outcome: SimulatorOutcome;
  /** The timeline entry SES's answer becomes, and the suppression it makes. */
  kind: "email.bounced" | "email.complained";
  suppressed: "bounced" | "complained";
  what: string;
}

function suppressionCheck(expected: SuppressingOutcome) {
  return async (ctx: CheckContext): Promise<CheckOutcome> => {
    const contact = smokeContact(ctx.run, expected.check, expected.outcome);
    await enrollSmoke(ctx, contact);
    await waitForEmail(ctx, contact.id, SMOKE_STEPS.first);
    await waitForEntry(ctx, contact.id, {
      kind: expected.kind,
      missing: `the email was sent but no ${expected.what} came back`,
      cause: "ses-events",
    });
    await expectSuppressed(ctx, contact, expected.suppressed);
    return { status: "pass", detail: `the ${expected.what} came back and suppressed the address` };
  };
}

export const bounceCheck = suppressionCheck({
  check: "bounce",
  outcome: "bounce",
  kind: "email.bounced",
  suppressed: "bounced",
  what: "bounce",
});
export const complaintCheck = suppressionCheck({
  check: "complaint",
  outcome: "complaint",
  kind: "email.complained",
  suppressed: "complained",
  what: "complaint",
});
export const suppressionListCheck = suppressionCheck({
  check: "suppression-list",
  outcome: "suppressionlist",
  kind: "email.bounced",
  suppressed: "bounced",
  what: "suppression-list bounce",
});
