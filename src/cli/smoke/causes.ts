/**
 * Why a smoke check fails, and what to do about it: one entry per cause, each pointing at the step
 * of docs/deploy.md that sets the thing up. A check throws SmokeCheckFailed with the cause it
 * found; the report prints the cause's fix under the check.
 */

export const FAILURE_CAUSES = [
  "sending-refused",
  "mail-from",
  "permission",
  "execution-failed",
  "not-sent",
  "ses-events",
  "not-suppressed",
  "autoreply-as-reply",
  "task-token",
  "start-execution",
  "links-domain",
  "receiving",
  "erasure",
  "not-deployed",
  "api",
] as const;
export type FailureCause = (typeof FAILURE_CAUSES)[number];

const DEPLOY = "docs/deploy.md";

/** What to do, per cause (docs/deploy.md, "Smoke test", has the same list with more words). */
export const FIXES: Record<FailureCause, string> = {
  "sending-refused": `SES refused the email: the sending domain is not a verified identity yet (add the Email stack's Dkim… CNAME records and wait until SES shows it verified: ${DEPLOY}, Before the first deploy, step 3). The mailbox simulator's addresses are accepted in the SES sandbox; only the reply check's email to the reply domain needs production access (step 5)`,
  "mail-from": `SES refused the email: the custom MAIL FROM domain is not verified (add the bounce.<domain> MX and TXT records: ${DEPLOY}, Before the first deploy, step 4)`,
  permission: `a function's role lacks the permission the reason names: deploy the stacks of this version again (npx sst deploy); if it stays, compare the role with stacks/grants.ts`,
  "execution-failed": `the smoke workflow's execution failed with the reason shown: \`handoff failed --workflow handoff-smoke\` lists it, and the execution's history in the Step Functions console shows the state (${DEPLOY}, Failed enrollments and redrive)`,
  "not-sent": `no email was sent: open the execution of <stage>-handoff-smoke in the Step Functions console (Watch an execution in ${DEPLOY}) and the send step's log; the send step needs ses:SendEmail on the sending identity`,
  "ses-events": `SES took the email but its events did not come back: check the Email stack's configuration set event destination (EventBridge → functions/ses-events.ts) and the ses-events function's log and dead-letter queue`,
  "not-suppressed": `the event reached Handoff but the address was not suppressed: read the ses-events function's log and its dead-letter queue (the Alarms stack's dead-letter alarm fires too)`,
  "autoreply-as-reply": `an out-of-office answer was taken as a reply (it would hand contacts off): the inbound function did not see its Auto-Submitted header; report it with the message's headers`,
  "task-token": `the paused execution did not wake: the API and the functions that end pauses need states:SendTaskSuccess and states:SendTaskFailure on Handoff's state machines; deploy this version's stacks again and read the API function's log`,
  "start-execution": `the handoff did not start the sequence: the handoff step needs states:StartExecution on the handoff-smoke-sales machine's live alias; read the handoff step's log and the executions of <stage>-handoff-smoke-sales`,
  "links-domain": `the links in emails do not reach the API: give the stage a linksCertificateArn for the links host and point the host at the API with the LinksDomainCname record (${DEPLOY}, Before the first deploy, step 2)`,
  receiving: `no reply reached the inbound function: activate the receipt rule set (aws ses set-active-receipt-rule-set --rule-set-name <stage>-handoff-replies) and add the reply domain's MX record (${DEPLOY}, Before the first deploy, step 6)`,
  erasure: `erase the contacts listed by hand (DELETE /contacts/{id} with an admin key); the API function's log says why it failed`,
  "not-deployed": `this stage has no smoke workflows or smoke route: deploy it from this version of Handoff (npx sst deploy), then run handoff smoke again`,
  api: `the API did not answer as it should: check --api (the ApiUrl output), that the key is an admin key of HANDOFF_API_KEYS, and the API function's log`,
};

/** A check found what is wrong: `detail` says what it saw, `cause` what to do. */
export class SmokeCheckFailed extends Error {
  override name = "SmokeCheckFailed";
  constructor(
    readonly detail: string,
    readonly failureCause: FailureCause,
  ) {
    super(detail);
  }
}

/** Failure reasons (an execution's error, an API's answer) → their cause; the first match wins. */
const REASON_CAUSES: ReadonlyArray<[RegExp, FailureCause]> = [
  [/MailFromDomainNotVerified/i, "mail-from"],
  [/MessageRejected|not verified|sandbox/i, "sending-refused"],
  [/AccessDenied|not authori[sz]ed|UnauthorizedOperation|is not allowed to/i, "permission"],
];

/** What a check makes of a reason no pattern names, and of a missing permission (the one it tests). */
export interface ReasonCauses {
  otherwise: FailureCause;
  permission?: FailureCause;
}

/** The cause a failure reason names: SES's refusals, a missing permission (the check's own, if it tests one), else `otherwise`. */
export function causeOfReason(reason: string, causes: ReasonCauses): FailureCause {
  const named = REASON_CAUSES.find(([pattern]) => pattern.test(reason))?.[1];
  if (named === "permission") return causes.permission ?? named;
  return named ?? causes.otherwise;
}
