import type { ReplyRef } from "../model";
import { verifyShort } from "../tokens";
import type { EngineDeps } from "./deps";
import { NO_EVENTS } from "./event-window";
import { isAutoReply, type MailHeader, refusingVerdict, reportReason, type Verdicts } from "./inbound-mail";
import { ingestEvent } from "./ingest";
import { fromBase32, sentNewestFirst } from "./links";
import { withdraw } from "./unsubscribe";

export { isAutoReply, parseRawHeaders } from "./inbound-mail";

/**
 * An email received at a reply address (the AWS adapter reads it from SES's receipt event:
 * src/adapters/aws/events/ses-receipt.ts).
 */
export interface InboundMail {
  /** The inbound message's id (SES receiving), for deduplication. */
  messageId: string;
  at: string;
  recipients: string[];
  subject: string;
  /** The headers SES passed along in the event. */
  headers: MailHeader[];
  /**
   * When SES left the headers out of the event (too large): reads them from the stored message, at
   * most HEADER_READ_BYTES of it. Called only once the reply token checks out, so a forged or
   * unknown reply address costs no read at all.
   */
  storedHeaders?: () => Promise<MailHeader[]>;
  /** The envelope sender (SES mail.source); "" for a null sender. */
  envelopeFrom?: string;
  /** SES's spam, virus and DMARC verdicts; see REFUSING_VERDICTS. */
  verdicts?: Verdicts;
}

/** Reply-prefixes of a subject in several languages ("Re:", "AW:", "Fwd:"), repeated. */
const REPLY_PREFIX = /^\s*((re|aw|sv|vs|antw|ref|fw|fwd|tr|wg)\s*(\[\d+\])?\s*:\s*)+/i;

/** A subject that is only a request to stop emailing (what a person, or a mailto: unsubscribe, sends). */
const UNSUBSCRIBE_SUBJECT =
  /^(unsubscribe( me)?|remove me( from (this|your) (list|mailing list))?|opt[ -]?out|stop|désinscription|désabonner|abmelden|darse de baja|baja|cancelar suscripción)[\s.!]*$/i;

/**
 * True when the reply's subject asks to unsubscribe ("unsubscribe", "Re: remove me"). Only the
 * subject is read: SES receipt events carry the headers, not the body.
 */
export function asksToUnsubscribe(mail: Pick<InboundMail, "subject">): boolean {
  return UNSUBSCRIBE_SUBJECT.test(mail.subject.replace(REPLY_PREFIX, "").trim());
}

export type ReplyOutcome =
  | { status: "reply" | "auto-reply" | "duplicate" | "unsubscribe"; contactId: string }
  /** No valid reply token, or it points at no email. */
  | { status: "unmatched"; reason: string }
  /** A verdict refused it (REFUSING_VERDICTS). */
  | { status: "refused"; reason: string }
  /** A delivery-status notice or other report: nobody answered. */
  | { status: "not-a-reply"; reason: string };

/**
 * An inbound email: matched to the email it answers by the signed token in its reply+… address.
 * A real reply is an email.reply event (which scores, hands off, stops sequences); an auto-reply is
 * recorded as email.autoreply and does none of that; a reply asking to unsubscribe unsubscribes
 * (source `reply`) and is no email.reply. Mail a verdict refuses and reports (bounces, read
 * receipts) record nothing. The token is checked first, from the event alone: nothing of the
 * stored message is read for an address Handoff did not sign.
 */
export async function receiveReply(deps: EngineDeps, mail: InboundMail): Promise<ReplyOutcome> {
  const token = mail.recipients.map((r) => /^reply\+([a-z0-9]+)@/i.exec(r.trim())?.[1]).find(Boolean);
  if (!token) return { status: "unmatched", reason: "no reply+<token> recipient" };
  const verified = verifyShort(deps.tokens, "reply", token, deps.clock.now());
  if (!verified.ok) return { status: "unmatched", reason: `token ${verified.reason}` };
  const refused = refusingVerdict(mail.verdicts);
  if (refused) return { status: "refused", reason: refused };
  const headers = mail.storedHeaders ? await mail.storedHeaders() : mail.headers;
  const report = reportReason(headers, mail.envelopeFrom);
  if (report) return { status: "not-a-reply", reason: report };
  const at = new Date(mail.at).toISOString();
  const ref = await replyRef(deps, verified.payload, at);
  if (!ref) return { status: "unmatched", reason: "unknown reply key" };
  const auto = isAutoReply({ headers, subject: mail.subject });
  // The raw message (stored by the receipt rule) is the contact's: erasure and export find it by this.
  await deps.store.recordRawMail({ contactId: ref.contactId, messageId: mail.messageId, at });
  if (!auto && asksToUnsubscribe(mail)) {
    const email = { enrollmentId: ref.enrollmentId, stepId: ref.stepId };
    await withdraw(deps, { contactId: ref.contactId, source: "reply", at, email });
    return { status: "unsubscribe", contactId: ref.contactId };
  }
  const result = await ingestEvent(deps, {
    id: `inbound:${mail.messageId}`,
    contactId: ref.contactId,
    name: auto ? "email.autoreply" : "email.reply",
    at,
    properties: { subject: mail.subject.slice(0, 200) },
    enrollmentId: ref.enrollmentId,
    workflowId: ref.workflowId,
    stepId: ref.stepId,
  });
  return { status: result.duplicate ? "duplicate" : auto ? "auto-reply" : "reply", contactId: ref.contactId };
}

/**
 * The email a reply received at `at` answers: a stored pointer, or (inline contact id) the contact's
 * latest email sent by then (the latest of all when none was, a clock's skew). Never one sent after
 * the reply arrived: a retry of the reply matches the same email whatever was sent since, so its
 * event, its count (src/core/engine/count-facts.ts) and the sequence it stops are the same.
 */
async function replyRef(
  deps: EngineDeps,
  payload: string,
  at: string,
): Promise<Omit<ReplyRef, "key"> | undefined> {
  if (payload.startsWith("k")) return deps.store.findReplyKey(payload);
  const contactId = payload.startsWith("c") ? fromBase32(payload.slice(1)) : undefined;
  const view = contactId ? await deps.store.getContactView(contactId, NO_EVENTS) : undefined;
  const sent = sentNewestFirst(view?.sends ?? []);
  const latest = sent.find((s) => s.sentAt! <= at) ?? sent[0];
  if (!view || !latest) return undefined;
  return {
    contactId: view.contact.id,
    enrollmentId: latest.enrollmentId,
    workflowId: latest.workflowId,
    stepId: latest.stepId,
  };
}
