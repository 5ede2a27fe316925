/**
 * Webhooks out (settings.webhooks, docs/webhooks.md): what Handoff tells a CRM, delivered at least
 * once, signed, retried, dead-lettered. The use cases publish a WebhookEvent
 * (src/core/engine/webhook-events.ts); the outbox (SQS when deployed, an in-process queue locally)
 * turns it into one WebhookDelivery per webhook subscribed to its name, and each delivery is tried
 * by src/core/integrations/webhook-delivery.ts until the receiver answers 2xx or the tries run out.
 */
import type { WebhookSettings } from "../language";
import { WEBHOOK_EVENTS, type WebhookEventName } from "../language/vocabulary";
import * as z from "../language/zod-mini";

export const WebhookEvent = z.strictObject({
  /** Unique and the same on every retry of the fact it reports: the receiver deduplicates on it. */
  id: z.string().check(z.regex(/^evt_[0-9a-f]{32}$/)),
  name: z.enum(WEBHOOK_EVENTS),
  /** ISO time of the fact. */
  at: z.iso.datetime(),
  contactId: z.optional(z.string().check(z.minLength(1))),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** One event for one webhook: the unit that is queued, tried, retried and dead-lettered (one SQS message). */
export const WebhookDelivery = z.strictObject({
  url: z.string().check(z.minLength(1)),
  /** The name of the secret that holds the signing key (settings.webhooks[].secret), never the key. */
  secret: z.string().check(z.minLength(1)),
  event: WebhookEvent,
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** Transport only: which webhooks get an event is the engine's to say (settings.webhooks). */
export interface WebhookOutbox {
  /**
   * Queues one delivery of the event for each of `webhooks` subscribed to its name; resolves once
   * they are queued (not delivered), throws when they could not be.
   */
  publish(event: WebhookEvent, webhooks: readonly WebhookSettings[]): Promise<void>;
}

/** Whether any webhook subscribed to `name`: when none did, the engine builds no event at all. */
export function isSubscribed(webhooks: readonly WebhookSettings[], name: WebhookEventName): boolean {
  return webhooks.some((webhook) => webhook.events.includes(name));
}

/** The deliveries of an event: one per webhook subscribed to its name, in settings order. */
export function deliveriesOf(webhooks: readonly WebhookSettings[], event: WebhookEvent): WebhookDelivery[] {
  return webhooks
    .filter((webhook) => webhook.events.includes(event.name))
    .map((webhook) => ({ url: webhook.url, secret: webhook.secret, event }));
}
