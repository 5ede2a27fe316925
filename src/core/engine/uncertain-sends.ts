/**
 * Sends whose outcome SES never told: the SES call answered 5xx, timed out or lost its connection,
 * or the handler died during it. SES may have accepted the email, so it is never sent again; and
 * it may not have, so it is never quietly counted as sent either. The ledger entry says
 * `uncertain` (with the error and time) until an SES event carrying the email's tags settles it
 * as sent; an operator lists what is left (GET /sends/uncertain) and an alarm fires for any entry
 * still uncertain after UNCERTAIN_GRACE_SECONDS.
 */
import type { SendRecord } from "../model";
import { countSent } from "./count-facts";
import type { EngineDeps } from "./deps";
import type { EmailIdentity } from "./email-identity";
import type { SendOutcome } from "./send-email";

/** SES publishes an accepted email's Send event within seconds; an entry uncertain longer is stale. */
export const UNCERTAIN_GRACE_SECONDS = 15 * 60;

/** The input of the scheduled invocation of the SES events function that looks for stale entries. */
export const UNCERTAIN_SENDS_CHECK = { check: "uncertain-sends" } as const;

type LedgerKey = Pick<SendRecord, "contactId" | "enrollmentId" | "stepId">;

/** What an error says, for the ledger entry and the operator (no stack, no personal data). */
export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500);
  return String(error).slice(0, 500);
}

/**
 * The claim `key` holds stays claimed while its SES call ended without an answer: it becomes
 * uncertain. When it was settled meanwhile (an SES event, the first attempt finishing), that outcome.
 */
export async function markUncertain(deps: EngineDeps, key: LedgerKey, error: unknown): Promise<SendOutcome> {
  const { contactId, enrollmentId, stepId } = key;
  const reason = describe(error);
  const patch = { status: "uncertain" as const, uncertainAt: deps.clock.now().toISOString(), reason };
  if (await deps.store.updateSend(contactId, enrollmentId, stepId, patch, ["claimed"]))
    return { status: "uncertain", reason };
  const current = await deps.store.getSend(contactId, enrollmentId, stepId);
  if (!current) throw new Error(`send ledger entry ${enrollmentId}/${stepId} vanished`);
  return earlierOutcome(deps, current);
}

/**
 * The outcome of a step that finds its ledger entry taken (a retry, a redrive): what the entry
 * says, never a second send. A claim still `claimed` belongs to an attempt that ended without
 * recording an outcome (it died during or after the SES call): it becomes uncertain.
 */
export async function earlierOutcome(deps: EngineDeps, record: SendRecord): Promise<SendOutcome> {
  switch (record.status) {
    case "claimed":
      return markUncertain(deps, record, new Error("an earlier attempt ended without recording an outcome"));
    case "uncertain":
      return { status: "uncertain", reason: record.reason ?? "unknown" };
    default:
      return { status: "already-sent", ...(record.messageId ? { messageId: record.messageId } : {}) };
  }
}

/**
 * An SES event about the email `identity` names: SES accepted it, so a claimed or uncertain entry
 * is settled as sent with its message id. True when this settled it.
 */
export async function settleFromSesEvent(
  deps: EngineDeps,
  identity: EmailIdentity,
  mail: { messageId: string; timestamp: string },
): Promise<boolean> {
  const { contactId, enrollmentId, stepId } = identity;
  if (!enrollmentId || !stepId) return false;
  const current = await deps.store.getSend(contactId, enrollmentId, stepId);
  // Settled by an earlier delivery of the event (or sent by its step): counted on every delivery.
  if (current?.status === "sent") await countSent(deps, current);
  if (current?.status !== "claimed" && current?.status !== "uncertain") return false;
  const patch = { status: "sent" as const, messageId: mail.messageId, sentAt: mail.timestamp };
  const settled = await deps.store.updateSend(contactId, enrollmentId, stepId, patch, [
    "claimed",
    "uncertain",
  ]);
  if (settled) await countSent(deps, { ...current, ...patch });
  return settled;
}

/** How many entries have been uncertain longer than the grace period (what the alarm watches). */
export async function countStaleUncertainSends(deps: EngineDeps): Promise<number> {
  const cutoff = new Date(deps.clock.now().getTime() - UNCERTAIN_GRACE_SECONDS * 1000).toISOString();
  let stale = 0;
  let after: string | undefined;
  do {
    const page = await deps.store.listUncertainSends({ limit: 100, ...(after ? { after } : {}) });
    // Oldest first: the first entry inside the grace period ends the count.
    for (const send of page.sends) {
      if ((send.uncertainAt ?? send.claimedAt) > cutoff) return stale;
      stale++;
    }
    after = page.next;
  } while (after !== undefined);
  return stale;
}
