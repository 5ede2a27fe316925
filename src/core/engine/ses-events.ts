import { z } from "zod";
import type { Scalar } from "../language";
import type { EngagementEvent } from "../model";

const Tags = z.record(z.string(), z.array(z.string())).optional();

/** The `detail` of an SES event that EventBridge delivers (configuration set event destination). */
export const SesEventDetail = z.object({
  eventType: z.string(),
  mail: z.object({
    timestamp: z.string(),
    messageId: z.string().min(1),
    destination: z.array(z.string()).optional(),
    tags: Tags,
  }),
  delivery: z.object({ timestamp: z.string() }).optional(),
  open: z.object({ timestamp: z.string() }).optional(),
  click: z.object({ timestamp: z.string(), link: z.string().optional(), linkTags: Tags }).optional(),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      timestamp: z.string(),
      feedbackId: z.string().optional(),
      bouncedRecipients: z
        .array(z.object({ emailAddress: z.string(), diagnosticCode: z.string().optional() }))
        .optional(),
    })
    .optional(),
  complaint: z
    .object({
      timestamp: z.string(),
      feedbackId: z.string().optional(),
      complaintFeedbackType: z.string().optional(),
    })
    .optional(),
  reject: z.object({ reason: z.string().optional() }).optional(),
  deliveryDelay: z.object({ timestamp: z.string(), delayType: z.string().optional() }).optional(),
});
export type SesEventDetail = z.infer<typeof SesEventDetail>;

export const SesEventBridgeEvent = z.object({
  source: z.string().optional(),
  "detail-type": z.string().optional(),
  detail: SesEventDetail,
});

/**
 * Maps an SES event to a Handoff event, or undefined for kinds Handoff does not track (Send,
 * Rendering Failure, Subscription). The id makes a redelivered event a duplicate; the contact,
 * enrollment and step come from the message tags set at send time.
 */
export function mapSesEvent(detail: SesEventDetail): EngagementEvent | undefined {
  const tag = (name: string) => detail.mail.tags?.[name]?.[0];
  const contactId = tag("contact");
  if (!contactId) return undefined;
  let name: string;
  let at = detail.mail.timestamp;
  const properties: Record<string, Scalar> = {};
  switch (detail.eventType) {
    case "Delivery":
      name = "email.delivered";
      at = detail.delivery?.timestamp ?? at;
      break;
    case "Open":
      name = "email.open";
      at = detail.open?.timestamp ?? at;
      break;
    case "Click": {
      name = "email.click";
      at = detail.click?.timestamp ?? at;
      const link = detail.click?.linkTags?.link?.[0];
      if (link) properties.link = link;
      if (detail.click?.link) properties.url = detail.click.link;
      break;
    }
    case "Bounce": {
      const permanent = detail.bounce?.bounceType === "Permanent";
      name = permanent ? "email.bounce" : "email.delayed";
      at = detail.bounce?.timestamp ?? at;
      properties.bounceType = detail.bounce?.bounceType ?? "Undetermined";
      if (detail.bounce?.bounceSubType) properties.bounceSubType = detail.bounce.bounceSubType;
      const diagnostic = detail.bounce?.bouncedRecipients?.[0]?.diagnosticCode;
      properties.detail = `bounce: ${detail.bounce?.bounceType ?? "?"}/${detail.bounce?.bounceSubType ?? "?"}${diagnostic ? ` ${diagnostic.slice(0, 200)}` : ""}`;
      break;
    }
    case "DeliveryDelay":
      name = "email.delayed";
      at = detail.deliveryDelay?.timestamp ?? at;
      if (detail.deliveryDelay?.delayType) properties.delayType = detail.deliveryDelay.delayType;
      break;
    case "Complaint":
      name = "email.complaint";
      at = detail.complaint?.timestamp ?? at;
      properties.detail = `complaint: ${detail.complaint?.complaintFeedbackType ?? "unspecified"}`;
      break;
    case "Reject":
      name = "email.rejected";
      properties.detail = `rejected: ${detail.reject?.reason ?? "unspecified"}`;
      break;
    default:
      return undefined;
  }
  const enrollmentId = tag("enrollment");
  const workflowId = tag("workflow");
  const stepId = tag("step");
  return {
    id: `ses:${detail.mail.messageId}:${detail.eventType}:${at}`,
    contactId,
    name,
    at,
    properties,
    messageId: detail.mail.messageId,
    ...(enrollmentId ? { enrollmentId } : {}),
    ...(workflowId ? { workflowId } : {}),
    ...(stepId ? { stepId } : {}),
  };
}
