import { parseEnrollmentId } from "../enrollment-id";
import type { UnsubscribeSource } from "../model";
import { verifyToken } from "../tokens";
import type { EngineDeps } from "./deps";
import { ingestEvent } from "./ingest";

export type UnsubscribeCheck =
  | { ok: true; contactId: string; enrollmentId: string; stepId: string }
  | { ok: false; reason: string };

/** Reads an unsubscribe link's token: forged, expired or unknown-key tokens are refused. */
export function checkUnsubscribeToken(deps: EngineDeps, token: string): UnsubscribeCheck {
  const verified = verifyToken(deps.tokens, "unsubscribe", token, deps.clock.now());
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const { c, e, s } = verified.payload as { c?: unknown; e?: unknown; s?: unknown };
  if (typeof c !== "string" || typeof e !== "string" || typeof s !== "string")
    return { ok: false, reason: "malformed" };
  return { ok: true, contactId: c, enrollmentId: e, stepId: s };
}

/** A contact's request to unsubscribe, by any door, and the email it came through if any. */
export interface Withdrawal {
  contactId: string;
  source: UnsubscribeSource;
  at: string;
  email?: { enrollmentId: string; stepId: string };
}

export type WithdrawOutcome = "unsubscribed" | "already-unsubscribed" | "unknown-contact";

/**
 * Unsubscribes a contact: withdraws consent, then records email.unsubscribe, which suppresses the
 * address and ends every active enrollment at once through the rules engine. Once. The consent
 * keeps the first time and source, and the event is dated by them, so a retry after a crash stores
 * the same event (a duplicate) and finishes the work. The contact's `suppressed`, written last,
 * says it is done: a repeat then reads the profile and writes nothing.
 */
export async function withdraw(deps: EngineDeps, w: Withdrawal): Promise<WithdrawOutcome> {
  const contact = await deps.store.getContact(w.contactId);
  if (!contact) return "unknown-contact";
  // Suppressed for another reason (a bounce) and withdrawn: that suppression already did the work.
  if (contact.consent.status === "unsubscribed" && contact.suppressed) return "already-unsubscribed";
  const consent = await deps.store.withdrawConsent(contact.id, { at: w.at, source: w.source });
  if (!consent) return "unknown-contact";
  const workflowId = w.email && parseEnrollmentId(w.email.enrollmentId)?.workflowId;
  await ingestEvent(deps, {
    id: `unsubscribe:${contact.id}`,
    contactId: contact.id,
    name: "email.unsubscribe",
    at: consent.at,
    properties: { source: consent.source, detail: `unsubscribed (${consent.source})` },
    ...(w.email ? { enrollmentId: w.email.enrollmentId, stepId: w.email.stepId } : {}),
    ...(workflowId ? { workflowId } : {}),
  });
  return "unsubscribed";
}

/** The unsubscribe link (RFC 8058 one-click POST, or the confirmation page's button). */
export async function unsubscribe(
  deps: EngineDeps,
  token: string,
  source: "one-click" | "page",
): Promise<UnsubscribeCheck> {
  const check = checkUnsubscribeToken(deps, token);
  if (!check.ok) return check;
  const email = { enrollmentId: check.enrollmentId, stepId: check.stepId };
  const at = deps.clock.now().toISOString();
  const outcome = await withdraw(deps, { contactId: check.contactId, source, at, email });
  return outcome === "unknown-contact" ? { ok: false, reason: "unknown contact" } : check;
}
