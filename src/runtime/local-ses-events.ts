/**
 * SES events about an email the local runtime sent, as EventBridge hands them to
 * functions/ses-events.ts: the kinds SES publishes (with their own detail), and the MailEvent the
 * function makes of one (parsed and mapped by the AWS adapter, src/adapters/aws/events/ses-event.ts).
 * The scenario runner (src/runtime/scenario/deliver.ts) and SES's answers to the mailbox simulator
 * (src/runtime/ses-simulator.ts) deliver theirs from here.
 */
import { mailEventOf, SesEventBridgeEvent } from "../adapters/aws/events/ses-event";
import type { MailEvent } from "../core/engine/mail-events";
import type { OutboundEmail } from "../core/ports";
import { sesEventTags } from "./ses-event-tags";

/** One kind of SES event: EventBridge's `detail-type`, `detail.eventType`, and that type's own detail. */
export interface SesEventKind {
  title: string;
  type: string;
  detail: (at: string, to: string) => Record<string, unknown>;
}

export const SES_DELIVERY: SesEventKind = {
  title: "Email Delivered",
  type: "Delivery",
  detail: (at) => ({ delivery: { timestamp: at } }),
};

export const SES_OPEN: SesEventKind = {
  title: "Email Opened",
  type: "Open",
  detail: (at) => ({ open: { timestamp: at } }),
};

export const SES_DELIVERY_DELAY: SesEventKind = {
  title: "Email Delivery Delayed",
  type: "DeliveryDelay",
  detail: (at) => ({ deliveryDelay: { timestamp: at, delayType: "MailboxFull" } }),
};

export const SES_COMPLAINT: SesEventKind = {
  title: "Email Complaint Received",
  type: "Complaint",
  detail: (at) => ({ complaint: { timestamp: at, complaintFeedbackType: "abuse" } }),
};

/** A permanent bounce of `bounceSubType`, the recipient's server saying `diagnosticCode`. */
export function sesPermanentBounce(bounceSubType: string, diagnosticCode: string): SesEventKind {
  return {
    title: "Email Bounced",
    type: "Bounce",
    detail: (at, to) => ({
      bounce: {
        bounceType: "Permanent",
        bounceSubType,
        timestamp: at,
        bouncedRecipients: [{ emailAddress: to, diagnosticCode }],
      },
    }),
  };
}

/** The bounce of an address nobody has. */
export const SES_USER_UNKNOWN = sesPermanentBounce("General", "smtp; 550 5.1.1 user unknown");

/** The email an event is about: as sent, its SES message id, and when SES accepted it (ms). */
export interface SesSentEmail {
  email: OutboundEmail;
  messageId: string;
  sentAt: number;
}

/** The `kind` event about `sent`, happening at `at` (ISO), as functions/ses-events.ts reads it. */
export function sesMailEvent(
  kind: SesEventKind,
  { email, messageId, sentAt }: SesSentEmail,
  at: string,
): MailEvent {
  const envelope = SesEventBridgeEvent.parse({
    source: "aws.ses",
    "detail-type": kind.title,
    detail: {
      eventType: kind.type,
      mail: {
        timestamp: new Date(sentAt).toISOString(),
        messageId,
        destination: [email.to],
        tags: sesEventTags(email.tags),
      },
      ...kind.detail(at, email.to),
    },
  });
  return mailEventOf(envelope.detail);
}
