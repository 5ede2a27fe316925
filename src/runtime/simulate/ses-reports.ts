import { mailEventOf, type SesEventDetail } from "../../adapters/aws/events/ses-event";
import { engagementEventOf, receiveMailEvent } from "../../core/engine/mail-events";
import type { OutboundEmail } from "../../core/ports";
import type { LocalRuntime } from "../local-runtime";
import { meterInvocation } from "../meters";
import { sesEventTags } from "../ses-event-tags";
import type { DeliveryPolicy } from "./delivery";

/** An email as SES sent it: what its events are about. */
export interface SentEmail {
  email: OutboundEmail;
  messageId: string;
}

/** An SES event about one email: its type, how long after now it happens, its type's own detail. */
export interface SesReport {
  eventType: string;
  after: number;
  detail: (timestamp: string) => Record<string, unknown>;
}

export interface SesReportsOptions {
  runtime: LocalRuntime;
  /** Duplicates and late deliveries under chaos; each event once, on time, without. */
  policy?: DeliveryPolicy;
  /** Schedules a delivery `delay` ms from now (on the prospects' grid). */
  onGrid: (delay: number, deliver: () => Promise<unknown>) => void;
}

/**
 * What SES reports about the emails it sent (deliveries, bounces, complaints, opens), delivered through the
 * SES handler's use case the way EventBridge hands the events over.
 */
export class SesReports {
  constructor(private readonly options: SesReportsOptions) {}

  /** SES reports `report` about the email when it happens: more than once, or late, when the policy says so. */
  report(sent: SentEmail, { eventType, after, detail }: SesReport): void {
    const at = this.options.runtime.clock.millis() + after;
    const timestamp = new Date(at).toISOString();
    for (const late of this.options.policy?.sesDeliveries() ?? [0])
      this.options.onGrid(after + late, () =>
        this.deliver(sent, { eventType, at, extra: detail(timestamp) }),
      );
  }

  /** The email reached the mailbox: SES reports its delivery half a minute after the send. */
  delivered(sent: SentEmail): void {
    this.report(sent, {
      eventType: "Delivery",
      after: 30_000,
      detail: (timestamp) => ({ delivery: { timestamp } }),
    });
  }

  private async deliver(
    { email, messageId }: SentEmail,
    event: { eventType: string; at: number; extra: Record<string, unknown> },
  ): Promise<unknown> {
    const { runtime, policy } = this.options;
    const mailEvent = mailEventOf({
      eventType: event.eventType,
      mail: { timestamp: new Date(event.at).toISOString(), messageId, tags: sesEventTags(email.tags) },
      ...event.extra,
    } as SesEventDetail);
    // The monitor sees the event as it is about the email that was sent (its own ids, from the
    // send), and the store gets it the way SES hands it over (escaped tags, through the handler's
    // use case): an event that landed on another contact or enrollment shows as stored 0 times.
    const { contact, enrollment, workflow, step } = email.tags;
    const truth = engagementEventOf(mailEvent, {
      contactId: contact!,
      ...(enrollment ? { enrollmentId: enrollment } : {}),
      ...(workflow ? { workflowId: workflow } : {}),
      ...(step ? { stepId: step } : {}),
    });
    if (!truth) return undefined;
    policy?.observe(truth);
    return meterInvocation(runtime.usage, "sesEvents", () => receiveMailEvent(runtime.deps, mailEvent));
  }
}
