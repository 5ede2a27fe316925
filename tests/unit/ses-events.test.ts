import { EmailSendingEvent } from "aws-cdk-lib/aws-ses";
import { describe, expect, it } from "vitest";
import {
  configurationSetEventName,
  mailEventOf,
  SES_EVENT_TYPES,
  SesEventDetail,
} from "../../src/adapters/aws/events/ses-event";
import { tagsAsSesReturnsThem } from "../helpers/ses-event-tags";

const TAGS = tagsAsSesReturnsThem({ contact: "c:1", enrollment: "e.1", workflow: "w", step: "s" });

function detail(eventType: string) {
  return SesEventDetail.parse({
    eventType,
    mail: { timestamp: "2026-03-03T15:00:00.000Z", messageId: "m-1", tags: TAGS },
  });
}

describe("the SES event types, one list", () => {
  it("every type the stacks subscribe to means something to Handoff: Send settles, the others are recorded", () => {
    expect(SES_EVENT_TYPES.map((type) => [type, mailEventOf(detail(type)).kind])).toEqual([
      ["Send", "accepted"],
      ["Delivery", "engagement"],
      ["Open", "engagement"],
      ["Bounce", "engagement"],
      ["Complaint", "engagement"],
      ["Reject", "engagement"],
    ]);
  });

  it("names each type as the configuration set's event destination does (aws-cdk-lib's EmailSendingEvent)", () => {
    const names: string[] = Object.values(EmailSendingEvent);
    for (const type of SES_EVENT_TYPES) expect(names).toContain(configurationSetEventName(type));
  });

  it("leaves Click (Handoff counts its own /r/ clicks) and unknown types untracked, and maps DeliveryDelay, which is not subscribed to", () => {
    expect(SES_EVENT_TYPES).not.toContain("Click");
    expect(mailEventOf(detail("Click")).kind).toBe("untracked");
    expect(mailEventOf(detail("toString")).kind).toBe("untracked");
    expect(SES_EVENT_TYPES).not.toContain("DeliveryDelay");
    expect(mailEventOf(detail("DeliveryDelay"))).toMatchObject({
      kind: "engagement",
      engagement: { id: "ses:m-1:DeliveryDelay:2026-03-03T15:00:00.000Z", name: "email.delayed" },
    });
  });

  it("reads the email from the tags, as SES returns them", () => {
    expect(mailEventOf(detail("Open"))).toMatchObject({
      messageId: "m-1",
      sentAt: "2026-03-03T15:00:00.000Z",
      taggedEmail: { contactId: "c:1", enrollmentId: "e.1", workflowId: "w", stepId: "s" },
      handoffTags: true,
    });
  });
});
