// SES events as EventBridge delivers them (configuration set event destination), and what each
// means to Handoff: the MailEvent the core's receiveMailEvent takes (src/core/engine/mail-events.ts).
import type { MailEngagement, MailEvent } from "../../../core/engine/mail-events";
import * as z from "../../../core/language/zod-mini";
import { identityFromTags, TAG_SCHEME } from "../ses-tags";

const Tags = z.optional(z.record(z.string(), z.array(z.string())));

/** The `detail` of an SES event that EventBridge delivers (configuration set event destination). */
export const SesEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    timestamp: z.string(),
    messageId: z.string().check(z.minLength(1)),
    destination: z.optional(z.array(z.string())),
    tags: Tags,
  }),
  delivery: z.optional(z.object({ timestamp: z.string() })),
  open: z.optional(z.object({ timestamp: z.string() })),
  click: z.optional(z.object({ timestamp: z.string(), link: z.optional(z.string()), linkTags: Tags })),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      timestamp: z.string(),
      feedbackId: z.optional(z.string()),
      bouncedRecipients: z.optional(
        z.array(z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) })),
      ),
    }),
  ),
  complaint: z.optional(
    z.object({
      timestamp: z.string(),
      feedbackId: z.optional(z.string()),
      complaintFeedbackType: z.optional(z.string()),
    }),
  ),
  reject: z.optional(z.object({ reason: z.optional(z.string()) })),
  deliveryDelay: z.optional(z.object({ timestamp: z.string(), delayType: z.optional(z.string()) })),
});
export type SesEventDetail = z.infer<typeof SesEventDetail>;

export const SesEventBridgeEvent = z.object({
  source: z.optional(z.string()),
  "detail-type": z.optional(z.string()),
  detail: SesEventDetail,
});

/** What an SES event of a type Handoff handles means: the email was accepted, or an engagement. */
type SesEventMeaning = "accepted" | ((detail: SesEventDetail) => Omit<MailEngagement, "id">);

function bounce({ bounce, mail }: SesEventDetail): Omit<MailEngagement, "id"> {
  const properties: MailEngagement["properties"] = { bounceType: bounce?.bounceType ?? "Undetermined" };
  if (bounce?.bounceSubType) properties.bounceSubType = bounce.bounceSubType;
  const diagnostic = bounce?.bouncedRecipients?.[0]?.diagnosticCode;
  properties.detail = `bounce: ${bounce?.bounceType ?? "?"}/${bounce?.bounceSubType ?? "?"}${diagnostic ? ` ${diagnostic.slice(0, 200)}` : ""}`;
  const name = bounce?.bounceType === "Permanent" ? "email.bounce" : "email.delayed";
  return { name, at: bounce?.timestamp ?? mail.timestamp, properties };
}

/**
 * The SES event types the configuration set publishes to EventBridge, and the rule delivers to
 * functions/ses-events.ts (stacks/Email.ts subscribes to exactly SES_EVENT_TYPES), with what each
 * means. No Click: SES rewrites links for click tracking only for a configuration set that
 * publishes clicks, and Handoff counts clicks on its own /r/ links (an SES Click would count the
 * same click twice); a Click that arrives anyway is untracked, as are Rendering Failure and
 * Subscription.
 */
const PUBLISHED = {
  Send: "accepted",
  Delivery: ({ delivery, mail }) => ({
    name: "email.delivered",
    at: delivery?.timestamp ?? mail.timestamp,
    properties: {},
  }),
  Open: ({ open, mail }) => ({ name: "email.open", at: open?.timestamp ?? mail.timestamp, properties: {} }),
  Bounce: bounce,
  Complaint: ({ complaint, mail }) => ({
    name: "email.complaint",
    at: complaint?.timestamp ?? mail.timestamp,
    properties: { detail: `complaint: ${complaint?.complaintFeedbackType ?? "unspecified"}` },
  }),
  Reject: ({ reject, mail }) => ({
    name: "email.rejected",
    at: mail.timestamp,
    properties: { detail: `rejected: ${reject?.reason ?? "unspecified"}` },
  }),
} satisfies Record<string, SesEventMeaning>;

/**
 * Mapped, though the configuration set does not publish it (so not among SES_EVENT_TYPES): SES
 * sends DeliveryDelay only to a configuration set that publishes it, so a delivery SES gives up on
 * reaches Handoff as a Transient bounce (email.delayed too). The local scenarios deliver
 * `email.delayed` as a DeliveryDelay (src/runtime/scenario/deliver.ts).
 */
const UNPUBLISHED = {
  DeliveryDelay: ({ deliveryDelay, mail }) => {
    const properties: MailEngagement["properties"] = {};
    if (deliveryDelay?.delayType) properties.delayType = deliveryDelay.delayType;
    return { name: "email.delayed", at: deliveryDelay?.timestamp ?? mail.timestamp, properties };
  },
} satisfies Record<string, SesEventMeaning>;

export type SesEventType = keyof typeof PUBLISHED;

/** The SES event types Handoff subscribes to: the configuration set's and the EventBridge rule's. */
export const SES_EVENT_TYPES = Object.keys(PUBLISHED) as SesEventType[];

/**
 * An event type as a configuration set's event destination names it ("Send" is `send`,
 * "DeliveryDelay" `deliveryDelay`: aws-cdk-lib's EmailSendingEvent values).
 */
export function configurationSetEventName(type: SesEventType): Uncapitalize<SesEventType> {
  return `${type[0]!.toLowerCase()}${type.slice(1)}` as Uncapitalize<SesEventType>;
}

const MEANINGS = new Map<string, SesEventMeaning>(Object.entries({ ...PUBLISHED, ...UNPUBLISHED }));

/**
 * What an SES event says about the email its tags name. An engagement's id (message id, event type
 * and time) makes a redelivered event a duplicate.
 */
export function mailEventOf(detail: SesEventDetail): MailEvent {
  const { mail, eventType } = detail;
  const taggedEmail = identityFromTags(mail.tags);
  const facts = {
    type: eventType,
    messageId: mail.messageId,
    sentAt: mail.timestamp,
    ...(taggedEmail ? { taggedEmail } : {}),
    handoffTags: Boolean(mail.tags?.[TAG_SCHEME.name]),
  };
  const meaning = MEANINGS.get(eventType);
  if (meaning === undefined) return { ...facts, kind: "untracked" };
  if (meaning === "accepted") return { ...facts, kind: "accepted" };
  const engagement = meaning(detail);
  const id = `ses:${mail.messageId}:${eventType}:${engagement.at}`;
  return { ...facts, kind: "engagement", engagement: { id, ...engagement } };
}
