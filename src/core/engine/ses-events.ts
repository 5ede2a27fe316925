import { z } from "zod";
import type { Scalar } from "../language";
import type { EngagementEvent } from "../model";
import { type EmailIdentity, identityFromTags } from "./ses-tags";

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
 * Maps an SES event about the email `identity` names to a Handoff event, or undefined for kinds
 * Handoff does not track (Send, Rendering Failure, Subscription) and for Click: Handoff counts
 * clicks through its own /r/ links (SES click tracking is off in the configuration set, so a Click
 * event would count the same click twice). The id makes a redelivered event a duplicate.
 */
export function mapSesEvent(
  detail: SesEventDetail,
  identity: EmailIdentity | undefined = identityFromTags(detail.mail.tags),
): EngagementEvent | undefined {
  if (!identity) return undefined;
  const kind = kindOf(detail);
  if (!kind) return undefined;
  const { enrollmentId, workflowId, stepId } = identity;
  return {
    id: `ses:${detail.mail.messageId}:${detail.eventType}:${kind.at}`,
    contactId: identity.contactId,
    name: kind.name,
    at: kind.at,
    properties: kind.properties,
    messageId: detail.mail.messageId,
    ...(enrollmentId ? { enrollmentId } : {}),
    ...(workflowId ? { workflowId } : {}),
    ...(stepId ? { stepId } : {}),
  };
}

/** True for the SES event kinds Handoff records (whatever email they are about). */
export function recordsSesEvent(detail: SesEventDetail): boolean {
  return kindOf(detail) !== undefined;
}

/** The Handoff event name, time and properties of an SES event kind Handoff records. */
function kindOf(
  detail: SesEventDetail,
): { name: string; at: string; properties: Record<string, Scalar> } | undefined {
  const at = detail.mail.timestamp;
  switch (detail.eventType) {
    case "Delivery":
      return { name: "email.delivered", at: detail.delivery?.timestamp ?? at, properties: {} };
    case "Open":
      return { name: "email.open", at: detail.open?.timestamp ?? at, properties: {} };
    case "Bounce": {
      const { bounce } = detail;
      const properties: Record<string, Scalar> = { bounceType: bounce?.bounceType ?? "Undetermined" };
      if (bounce?.bounceSubType) properties.bounceSubType = bounce.bounceSubType;
      const diagnostic = bounce?.bouncedRecipients?.[0]?.diagnosticCode;
      properties.detail = `bounce: ${bounce?.bounceType ?? "?"}/${bounce?.bounceSubType ?? "?"}${diagnostic ? ` ${diagnostic.slice(0, 200)}` : ""}`;
      const name = bounce?.bounceType === "Permanent" ? "email.bounce" : "email.delayed";
      return { name, at: bounce?.timestamp ?? at, properties };
    }
    case "DeliveryDelay": {
      const delayType = detail.deliveryDelay?.delayType;
      return {
        name: "email.delayed",
        at: detail.deliveryDelay?.timestamp ?? at,
        properties: delayType ? { delayType } : {},
      };
    }
    case "Complaint": {
      const detailText = `complaint: ${detail.complaint?.complaintFeedbackType ?? "unspecified"}`;
      return {
        name: "email.complaint",
        at: detail.complaint?.timestamp ?? at,
        properties: { detail: detailText },
      };
    }
    case "Reject":
      return {
        name: "email.rejected",
        at,
        properties: { detail: `rejected: ${detail.reject?.reason ?? "unspecified"}` },
      };
    default:
      return undefined;
  }
}
