/**
 * Webhooks out on this machine: an in-process outbox on the runtime's clock. Each publish queues
 * one delivery per subscribed webhook; each delivery is tried with the use case the SQS function
 * runs (src/core/integrations/webhook-delivery.ts) and retried on its schedule, at virtual times
 * the runtime's `schedule` runs it at; after the last try it waits in `deadLetters` until redriven.
 */
import {
  deliverWebhook,
  type TryOutcome,
  type WebhookDeliveryDeps,
} from "../../core/integrations/webhook-delivery";
import {
  deliveriesOf,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookOutbox,
} from "../../core/integrations/webhooks";
import type { WebhookSettings } from "../../core/language";
import type { Clock } from "../../core/ports";

export interface LocalWebhookOutboxOptions {
  /** Secret name → signing key (settings.webhooks[].secret names it). */
  signingKeys: Readonly<Record<string, string>>;
  clock: Clock;
  /** Runs `action` at `at` (ms since the epoch) on the runtime's clock (LocalRuntime.schedule). */
  schedule(at: number, action: () => Promise<void>): void;
  fetch?: typeof fetch;
  /** One try's timeout (default WEBHOOK_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** One try as it happened: when, which, and what the receiver answered. */
export interface WebhookTry {
  url: string;
  eventId: string;
  attempt: number;
  at: string;
  outcome: TryOutcome;
}

export interface WebhookDeadLetter {
  delivery: WebhookDelivery;
  reason: string;
  at: string;
}

export class LocalWebhookOutbox implements WebhookOutbox {
  /** Every try, in the order they ended. */
  readonly tries: WebhookTry[] = [];
  /** The deliveries no try delivered, after the last one: what the DLQ holds on AWS. */
  readonly deadLetters: WebhookDeadLetter[] = [];
  private readonly deps: WebhookDeliveryDeps;

  constructor(private readonly options: LocalWebhookOutboxOptions) {
    this.deps = {
      fetch: options.fetch ?? globalThis.fetch,
      // The signature's t is when the request really leaves: receivers check it against their clock.
      clock: { now: () => new Date() },
      signingKey: (name) => options.signingKeys[name],
    };
  }

  async publish(event: WebhookEvent, webhooks: readonly WebhookSettings[]): Promise<void> {
    for (const delivery of deliveriesOf(webhooks, event)) this.queue(delivery, 1, 0);
  }

  /** Queues every dead letter again for a first try now (what a DLQ redrive does on AWS); how many. */
  redrive(): number {
    const letters = this.deadLetters.splice(0);
    for (const letter of letters) this.queue(letter.delivery, 1, 0);
    return letters.length;
  }

  private queue(delivery: WebhookDelivery, attempt: number, afterSeconds: number): void {
    const at = this.options.clock.now().getTime() + afterSeconds * 1000;
    this.options.schedule(at, () => this.attempt(delivery, attempt));
  }

  private async attempt(delivery: WebhookDelivery, attempt: number): Promise<void> {
    const timeout = this.options.timeoutMs === undefined ? {} : { timeoutMs: this.options.timeoutMs };
    const { outcome, next } = await deliverWebhook(this.deps, delivery, { attempt, ...timeout });
    const at = this.options.clock.now().toISOString();
    this.tries.push({ url: delivery.url, eventId: delivery.event.id, attempt, at, outcome });
    if (next.then === "retry") this.queue(delivery, attempt + 1, next.afterSeconds);
    if (next.then === "dead-letter") this.deadLetters.push({ delivery, reason: next.reason, at });
  }
}

/**
 * The local runtime's outbox: one when settings.webhooks lists any, else none (nothing is
 * published). Signing keys by secret name: given, else HANDOFF_WEBHOOK_SECRETS (JSON, as on AWS).
 */
export function localWebhookOutbox(
  settings: { webhooks?: readonly WebhookSettings[] },
  options: Omit<LocalWebhookOutboxOptions, "signingKeys"> & { signingKeys?: Record<string, string> },
): LocalWebhookOutbox | undefined {
  if (!settings.webhooks?.length) return undefined;
  const fromEnvironment = process.env.HANDOFF_WEBHOOK_SECRETS;
  const signingKeys = options.signingKeys ?? (fromEnvironment ? JSON.parse(fromEnvironment) : {});
  return new LocalWebhookOutbox({ ...options, signingKeys });
}
