import type { DecidePayload, EmailPayload, PauseAfter, PausePayload } from "../../src/core/engine/payloads";
import type { Condition } from "../../src/core/language";

type EmailStep = EmailPayload["step"];

/** Parts of an email step a test replaces (no window, a subject, another id). */
export type EmailStepChanges = Partial<EmailStep>;

/** trial-nurture's welcome email as its machine passes it: Monday to Friday, 9 to 5 in the contact's zone. */
const WELCOME: EmailStep = {
  id: "welcome",
  type: "email",
  template: "welcome",
  subject: "Welcome to Acme, {{ contact.firstName | default: 'there' }}",
  from: "Acme Analytics <hello@mail.acme.example>",
  sendWindow: {
    days: "mon-fri",
    hours: "09:00-17:00",
    timezone: "contact",
    fallbackTimezone: "America/New_York",
  },
};

/** sdr-follow-up's intro email, with no send window: sent from the contact's owner, so it needs one. */
const INTRO: EmailStep = {
  id: "intro",
  type: "email",
  template: "sdr-intro",
  subject: "Quick question",
  from: "{{ owner.name }} <{{ owner.email }}>",
  sendWindow: null,
};

/**
 * `email` as a machine that folds the wait after it into the email state passes it: with the
 * state's task token and the pause it keeps after the send. By default trial-nurture's one-day
 * wait-1 before first-steps (the campaign's window); `pauseAfter` replaces parts of it.
 */
export function pausingAfter(
  email: EmailPayload,
  taskToken: string,
  pauseAfter: Partial<PauseAfter> = {},
): EmailPayload {
  const wait: PauseAfter = {
    stepId: "wait-1",
    kind: "wait",
    seconds: 86400,
    sendWindow: WELCOME.sendWindow!,
  };
  return { ...email, taskToken, pauseAfter: { ...wait, ...pauseAfter } };
}

/** The end's settle folded into the last email (no email follows it): `seconds` long. */
export function settleFor(seconds: number): Partial<PauseAfter> {
  return { stepId: "Settle", kind: "settle", seconds, sendWindow: undefined };
}

/** What every step handler's payload starts with: the machine's workflow, the contact, the enrollment. */
export const payloadBase = (contactId: string, enrollmentId: string, workflow = "trial-nurture") => ({
  workflow,
  contactId,
  enrollmentId,
});

/** Who a payload is for, as `payloadBase` gives it. */
export type PayloadBase = ReturnType<typeof payloadBase>;

/** What a machine passes to the pause of its two-day wait `stepId`, with the task token to answer. */
export function twoDayWait(base: PayloadBase, taskToken: string, stepId = "wait-1"): PausePayload {
  return { ...base, taskToken, step: { id: stepId, type: "wait", seconds: 172800 } };
}

/** Payloads of the `workflow` machine's `email` step, for a contact and enrollment; `step` replaces parts of it. */
function emailPayloads(workflow: string, email: EmailStep) {
  return (contactId: string, enrollmentId: string, step: EmailStepChanges = {}): EmailPayload => ({
    ...payloadBase(contactId, enrollmentId, workflow),
    step: { ...email, ...step },
  });
}

/** What the compiled trial-nurture machine passes to its welcome email step. */
export const welcomePayload = emailPayloads("trial-nurture", WELCOME);

/** The welcome email with no send window and the subject "Welcome": it goes out whenever it is due. */
export const WELCOME_NOW: EmailStepChanges = { subject: "Welcome", sendWindow: null };

/** What sdr-follow-up passes to its intro email step. */
export const introPayload = emailPayloads("sdr-follow-up", INTRO);

/** trial-nurture's `engaged` branch on `condition`: on to case-study when it holds, to re-engage when not. */
export function engagedBranch(condition: Condition): DecidePayload["step"] {
  return { id: "engaged", type: "branch", if: condition, then: "case-study", else: "re-engage" };
}
