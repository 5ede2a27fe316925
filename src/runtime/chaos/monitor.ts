import { AsyncLocalStorage } from "node:async_hooks";
import type { EngagementEvent } from "../../core/model";

export interface AcceptedSend {
  contactId: string;
  enrollmentId: string;
  stepId: string;
  /** When (in the monitor's order) the handler invocation that sent it began: its consent check. */
  invokedAt: number;
}

/**
 * What the chaos run observes, in one logical order (a counter, since virtual time stands still
 * while many things happen at one instant): every email SES accepted, when each contact's consent
 * was first withdrawn, every SES event delivered, and every action given up on.
 */
export class Monitor {
  private order = 0;
  /** The handler invocation a store or SES call belongs to. */
  readonly invocation = new AsyncLocalStorage<{ startedAt: number; key?: string }>();
  readonly accepted: AcceptedSend[] = [];
  readonly withdrawn = new Map<string, number>();
  /** SES events delivered, by eventKey, with their contact. */
  readonly delivered = new Map<string, string>();
  readonly deadLetters: string[] = [];
  /** The last reply address each contact was given (for the racing interrupt). */
  readonly replyTo = new Map<string, string>();

  tick(): number {
    return ++this.order;
  }

  sent(tags: Record<string, string>): void {
    this.accepted.push({
      contactId: tags.contact ?? "",
      enrollmentId: tags.enrollment ?? "",
      stepId: tags.step ?? "",
      invokedAt: this.invocation.getStore()?.startedAt ?? this.tick(),
    });
  }

  withdraw(contactId: string | undefined): void {
    if (contactId && !this.withdrawn.has(contactId)) this.withdrawn.set(contactId, this.tick());
  }

  deliveredEvent(event: EngagementEvent): void {
    if (event.messageId) this.delivered.set(eventKey(event), event.contactId);
  }
}

/** One SES event of one email (local SES message ids can repeat across emails; the tags cannot). */
export function eventKey(
  event: Pick<EngagementEvent, "messageId" | "name" | "enrollmentId" | "stepId">,
): string {
  return `${event.messageId} ${event.enrollmentId}/${event.stepId} ${event.name}`;
}
