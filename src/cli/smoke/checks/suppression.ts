/**
 * `bounce`, `complaint`, `suppression-list`: SES's bounce, complaint and suppression-list addresses
 * come back as a bounce or a complaint, and the address is suppressed (never emailed again).
 */

import type { SimulatorOutcome } from "../../../core/smoke";
import { SMOKE_STEPS } from "../../../core/smoke";
import type { CheckContext, CheckOutcome } from "../check-context";
import { enrollSmoke, expectSuppressed, waitForEmail, waitForEntry } from "../check-context";
import type { SmokeCheckId } from "../plan";
import { smokeContact } from "../plan";

interface SuppressingOutcome {
  check: SmokeCheckId;
  outcome: SimulatorOutcome;
  /** The timeline entry SES's answer becomes, and the suppression it makes. */
  kind: "email.bounced" | "email.complained";
  suppressed: "bounced" | "complained";
  what: string;
}

const SUPPRESSING: readonly SuppressingOutcome[] = [
  { check: "bounce", outcome: "bounce", kind: "email.bounced", suppressed: "bounced", what: "bounce" },
  {
    check: "complaint",
    outcome: "complaint",
    kind: "email.complained",
    suppressed: "complained",
    what: "complaint",
  },
  {
    check: "suppression-list",
    outcome: "suppressionlist",
    kind: "email.bounced",
    suppressed: "bounced",
    what: "suppression-list bounce",
  },
];

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

export const bounceCheck = suppressionCheck(SUPPRESSING[0]!);
export const complaintCheck = suppressionCheck(SUPPRESSING[1]!);
export const suppressionListCheck = suppressionCheck(SUPPRESSING[2]!);
