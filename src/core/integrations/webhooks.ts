/**
 * Webhooks out (settings.webhooks): what Handoff tells a CRM, delivered at least
 * once, signed, retried, dead-lettered. The use cases publish a WebhookEvent; the outbox (SQS when
 * deployed, an in-process queue locally) delivers it to every webhook that subscribed to its name.
 * The webhooks part owns this file and may refine it.
 */
import type { WebhookEventName } from "../language";

export interface WebhookEvent {
  /** Unique and the same on every retry of the fact it reports: the receiver deduplicates on it. */
  id: string;
  name: WebhookEventName;
  /** ISO time of the fact. */
  at: string;
  contactId?: string;
  data: Record<string, unknown>;
}

export interface WebhookOutbox {
  /** Queues the event for every subscribed webhook; resolves once it is queued (not delivered). */
  publish(event: WebhookEvent): Promise<void>;
}
