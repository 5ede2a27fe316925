import { TransientError } from "../errors";
import type { Scalar } from "../language";
import type { EngagementEvent } from "../model";
import type { EngineDeps } from "./deps";
import type { EmailIdentity } from "./email-identity";
import { ingestEvent } from "./ingest";
import { settleFromSesEvent } from "./uncertain-sends";

/**
 * What the mail service reports about an email Handoff sent, in Handoff's terms. The AWS adapter
 * makes one of each SES event (src/adapters/aws/events/ses-event.ts mailEventOf).
 */
export type MailEvent = MailEventFacts &
  (
    | /** The service accepted the email: settles its ledger entry if the send was uncertain. */
    { kind: "accepted" } /** An engagement Handoff records once (delivery, open, bounce, complaint, …). */
    | {
        kind: "engagement";
        engagement: MailEngagement;
      } /** A kind Handoff does not track (an SES Click: Handoff counts clicks on its own links). */
    | { kind: "untracked" }
  );

interface MailEventFacts {
  /** The service's name for the event's kind ("Delivery", "Click", …): what an ignored event reports. */
  type: string;
  /** The email's message id, as its send returned it: the send ledger finds the email by it. */
  messageId: string;
  /** When the service accepted the email. */
  sentAt: string;
  /** The email its tags name; none when they name no contact (an id too long for a tag, an old email). */
  taggedEmail?: EmailIdentity;
  /** True when the email carries Handoff's tags: one of its emails, even when they name none. */
  handoffTags: boolean;
}

/** An engagement the mail service reported: the Handoff event it is, without its email's ids. */
export interface MailEngagement {
  /** The same for the same event delivered again, so it is recorded once. */
  id: string;
  name: string;
  at: string;
  properties: Record<string, Scalar>;
}

export type MailEventOutcome =
  | { event: string; duplicate: boolean }
  | { ignored: string }
  | { settled: boolean };

/**
 * One mail event, as functions/ses-events.ts receives it: find the email it is about; an accepted
 * email settles its ledger entry if its send was uncertain; engagements are recorded once and the
 * rules react (suppress on a bounce or complaint, interrupt, score).
 */
export async function receiveMailEvent(deps: EngineDeps, event: MailEvent): Promise<MailEventOutcome> {
  if (event.kind === "untracked") return { ignored: event.type };
  const identity = await emailOf(deps, event);
  if (event.kind === "accepted") {
    const mail = { messageId: event.messageId, timestamp: event.sentAt };
    return { settled: identity !== undefined && (await settleFromSesEvent(deps, identity, mail)) };
  }
  const engagement = engagementEventOf(event, identity);
  if (engagement) {
    const result = await ingestEvent(deps, engagement);
    return { event: engagement.name, duplicate: result.duplicate };
  }
  // One of our emails whose contact id did not fit a tag, and the ledger does not know its message
  // id yet (index lag): fail, so the invocation is retried (then dead-lettered, and alarmed).
  if (event.handoffTags)
    throw new TransientError(
      `SES ${event.type} event for message ${event.messageId}: no email in the send ledger has that message id yet`,
    );
  return { ignored: event.type };
}

/**
 * The email a mail event is about: from its tags when they name it fully, else from the send
 * ledger by message id (a contact id too long for a tag, an email sent before the tags were
 * reversible). Undefined when neither knows it.
 */
export async function emailOf(
  deps: EngineDeps,
  event: Pick<MailEvent, "taggedEmail" | "messageId">,
): Promise<EmailIdentity | undefined> {
  const tagged = event.taggedEmail;
  if (tagged?.enrollmentId && tagged.stepId) return tagged;
  const send = await deps.store.findSendByMessageId(event.messageId);
  if (!send) return tagged;
  const { contactId, enrollmentId, workflowId, stepId } = send;
  return { contactId, enrollmentId, workflowId, stepId };
}

/**
 * The Handoff event an engagement is, about the email `identity` names (by default the one its
 * tags name); undefined when the event is no engagement or names no email.
 */
export function engagementEventOf(
  event: MailEvent,
  identity: EmailIdentity | undefined = event.taggedEmail,
): EngagementEvent | undefined {
  if (event.kind !== "engagement" || !identity) return undefined;
  const { enrollmentId, workflowId, stepId } = identity;
  const { id, name, at, properties } = event.engagement;
  return {
    id,
    contactId: identity.contactId,
    name,
    at,
    properties,
    messageId: event.messageId,
    ...(enrollmentId ? { enrollmentId } : {}),
    ...(workflowId ? { workflowId } : {}),
    ...(stepId ? { stepId } : {}),
  };
}
