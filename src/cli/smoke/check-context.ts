/**
 * What every smoke check gets (the API, the run, its wait budget) and the steps several checks
 * share: enroll a smoke contact, wait for an email or a timeline entry, prove an address suppressed.
 * Each step throws SmokeCheckFailed naming the cause of what it did not see.
 */
import type { ContactDetail } from "../../core/reports/report-types";
import { SMOKE_CAMPAIGN } from "../../core/smoke";
import { apiReason } from "../api-target";
import type { SmokeApi } from "./api";
import { causeOfReason, type FailureCause, SmokeCheckFailed } from "./causes";
import { enrollmentIn, failureReason, has, type Place, skippedReason } from "./contact-state";
import type { SmokeContact, SmokeRun } from "./plan";
import { type WaitBudget, waitFor } from "./wait";

export interface CheckContext {
  api: SmokeApi;
  run: SmokeRun;
  budget: WaitBudget;
  /** The --timeout, for "within N s" in failures. */
  timeoutSeconds: number;
  /** Records a contact the run created (or may have): erased at the end, whatever happens. */
  created(contact: SmokeContact): void;
}

/** What a passing or skipped check says. */
export interface CheckOutcome {
  status: "pass" | "skip";
  detail: string;
}

/** Enrolls `contact` in the smoke campaign; fails with why when refused. */
export async function enrollSmoke(ctx: CheckContext, contact: SmokeContact) {
  ctx.created(contact);
  const answer = await ctx.api.enroll(SMOKE_CAMPAIGN, contact);
  if (answer.status === 201) return;
  const reason = resultReason(answer.body) ?? apiReason(answer.body);
  if (answer.status === 404)
    throw new SmokeCheckFailed(`POST /enroll answered 404: ${reason || "no such workflow"}`, "not-deployed");
  throw new SmokeCheckFailed(
    `enrolling ${contact.id} in ${SMOKE_CAMPAIGN} answered ${answer.status}${reason ? `: ${reason}` : ""}`,
    causeOfReason(reason, { otherwise: "api" }),
  );
}

const resultReason = (body: Record<string, unknown>) =>
  (body.results as Array<{ reason?: string }> | undefined)?.[0]?.reason;

/** The failure when `what` did not happen in time: an execution's failure first, else `cause`. */
function notSeen(
  ctx: CheckContext,
  contact: ContactDetail | undefined,
  what: string,
  causes: { cause: FailureCause; permission?: FailureCause },
) {
  const failed = failureReason(contact);
  if (failed) {
    const cause = causeOfReason(failed, { otherwise: "execution-failed", ...pick(causes.permission) });
    return new SmokeCheckFailed(`${what}: the execution failed: ${failed}`, cause);
  }
  const skipped = skippedReason(contact);
  if (skipped) return new SmokeCheckFailed(`${what}: ${skipped}`, "not-sent");
  return new SmokeCheckFailed(`${what} within ${ctx.timeoutSeconds} s`, causes.cause);
}

const pick = (permission?: FailureCause) => (permission ? { permission } : {});

/**
 * Waits until the contact's timeline has an entry of `kind` at `place`; the contact as then read.
 * Fails (with an execution's failure when there is one) saying `missing` otherwise.
 */
export async function waitForEntry(
  ctx: CheckContext,
  contactId: string,
  wanted: { kind: string; place?: Place; missing: string; cause: FailureCause; permission?: FailureCause },
): Promise<ContactDetail> {
  const seen = (contact: ContactDetail | undefined) =>
    has(contact, wanted.kind, wanted.place) || failureReason(contact) !== undefined;
  const { value } = await waitFor(() => ctx.api.contact(contactId), seen, ctx.budget);
  if (!value || !has(value, wanted.kind, wanted.place)) throw notSeen(ctx, value, wanted.missing, wanted);
  return value;
}

/** Waits for the email of the smoke campaign's `step` to be sent. */
export function waitForEmail(ctx: CheckContext, contactId: string, step: string) {
  return waitForEntry(ctx, contactId, {
    kind: "email.sent",
    place: { workflow: SMOKE_CAMPAIGN, step },
    missing: `no email of ${SMOKE_CAMPAIGN} / ${step} was sent`,
    cause: "not-sent",
  });
}

/** Waits until the contact's smoke enrollment is at `step` (its pause recorded, with its task token). */
export async function waitForStep(ctx: CheckContext, contactId: string, step: string) {
  const at = (contact: ContactDetail | undefined) => {
    const enrollment = enrollmentIn(contact, SMOKE_CAMPAIGN);
    return enrollment?.status !== "active" || enrollment.step === step;
  };
  const { value, met } = await waitFor(() => ctx.api.contact(contactId), at, ctx.budget);
  const enrollment = enrollmentIn(value, SMOKE_CAMPAIGN);
  if (!met || enrollment?.status !== "active")
    throw notSeen(ctx, value, `the smoke campaign did not reach its ${step} pause`, { cause: "not-sent" });
}

/**
 * Proves the contact's address suppressed for `reason`: its smoke enrollment ended, and enrolling
 * it again is refused because the address is suppressed (Handoff will not email it again).
 */
export async function expectSuppressed(
  ctx: CheckContext,
  contact: SmokeContact,
  reason: "bounced" | "complained" | "unsubscribed",
) {
  const ended = (detail: ContactDetail | undefined) =>
    enrollmentIn(detail, SMOKE_CAMPAIGN)?.status !== "active";
  const { met } = await waitFor(() => ctx.api.contact(contact.id), ended, ctx.budget);
  if (!met)
    throw new SmokeCheckFailed(
      `the contact was not suppressed as ${reason}: its enrollment did not end`,
      "not-suppressed",
    );
  const again = await ctx.api.enroll(SMOKE_CAMPAIGN, contact);
  const refusal = String(resultReason(again.body) ?? "");
  if (again.status === 409 && refusal.includes(`suppressed (${reason})`)) return;
  throw new SmokeCheckFailed(
    `the address was not suppressed as ${reason}: enrolling it again answered ${again.status}${refusal ? ` (${refusal})` : ""}`,
    "not-suppressed",
  );
}
