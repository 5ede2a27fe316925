/**
 * Delivering one webhook delivery once (docs/webhooks.md): POST the event as JSON, signed, within
 * a timeout; a 2xx answer delivers it, anything else (another status, a timeout, a refused
 * connection, a missing signing key) is a failed try. What comes after a try (done, retry later,
 * dead-letter) is decided here too, so the SQS function (functions/webhooks.ts) and the local
 * outbox (src/adapters/local/local-webhook-outbox.ts) retry on the same schedule.
 */
import { createHmac } from "node:crypto";
import type { Clock } from "../ports";
import type { WebhookDelivery, WebhookEvent } from "./webhooks";

/** How long a receiver has to answer one try. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Tries of one delivery before it is dead-lettered (the SQS queue's maxReceiveCount). */
export const WEBHOOK_MAX_ATTEMPTS = 8;
/** The wait after the first failed try; each next wait is WEBHOOK_BACKOFF_FACTOR times longer. */
export const WEBHOOK_FIRST_RETRY_SECONDS = 30;
export const WEBHOOK_BACKOFF_FACTOR = 4;
/** The longest wait: SQS keeps a received message out of sight for at most 12 hours. */
export const WEBHOOK_MAX_RETRY_SECONDS = 12 * 60 * 60;

/** The wait after failed try number `attempt` (1-based): 30 s, 2 min, 8 min, 32 min, 2 h 8 min, 8 h 32 min, 12 h. */
export function retryDelaySeconds(attempt: number): number {
  const delay = WEBHOOK_FIRST_RETRY_SECONDS * WEBHOOK_BACKOFF_FACTOR ** Math.max(0, attempt - 1);
  return Math.min(delay, WEBHOOK_MAX_RETRY_SECONDS);
}

/** The request body: the event's fields in a fixed order, so every try sends the same bytes. */
export function webhookBody(event: WebhookEvent): string {
  const { id, name, at, contactId, data } = event;
  return JSON.stringify({ id, name, at, contactId: contactId ?? null, data });
}

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`: what x-handoff-signature carries. */
export function webhookSignature(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac("sha256", secret).update(`${unixSeconds}.${body}`, "utf8").digest("hex");
  return `t=${unixSeconds},v1=${mac}`;
}

export interface WebhookDeliveryDeps {
  fetch: typeof fetch;
  /** When a try is sent (the signature's t): the wall clock, which receivers check theirs against. */
  clock: Clock;
  /** The signing key held by the secret of this name; undefined when there is none. */
  signingKey(secretName: string): Promise<string | undefined> | string | undefined;
}

export type TryOutcome = { delivered: true; status: number } | { delivered: false; reason: string };

/** One try: POST the signed event to the webhook's URL, within `timeoutMs`. */
export async function tryWebhook(
  deps: WebhookDeliveryDeps,
  delivery: WebhookDelivery,
  options: { timeoutMs?: number } = {},
): Promise<TryOutcome> {
  const key = await deps.signingKey(delivery.secret);
  if (!key) return { delivered: false, reason: `no signing key in the secret "${delivery.secret}"` };
  const body = webhookBody(delivery.event);
  const unixSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  try {
    const response = await deps.fetch(delivery.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-handoff-webhook-id": delivery.event.id,
        "x-handoff-signature": webhookSignature(key, body, unixSeconds),
      },
      body,
      // A redirect is an answer other than 2xx: the body is never re-sent to another address.
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
    return { delivered: false, reason: `HTTP ${response.status}` };
  } catch (error) {
    const name = (error as Error)?.name;
    if (name === "TimeoutError" || name === "AbortError")
      return { delivered: false, reason: `no answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { delivered: false, reason: cause ?? (error as Error).message };
  }
}

/** What follows try number `attempt`: nothing, another try after a wait, or the dead-letter queue. */
export type NextStep =
  | { then: "done" }
  | { then: "retry"; afterSeconds: number }
  | { then: "dead-letter"; reason: string };

export function nextStep(outcome: TryOutcome, attempt: number): NextStep {
  if (outcome.delivered) return { then: "done" };
  if (attempt >= WEBHOOK_MAX_ATTEMPTS)
    return { then: "dead-letter", reason: `${outcome.reason} (try ${attempt} of ${WEBHOOK_MAX_ATTEMPTS})` };
  return { then: "retry", afterSeconds: retryDelaySeconds(attempt) };
}

/** One try and what follows it: the use case both outboxes run for each delivery they hold. */
export async function deliverWebhook(
  deps: WebhookDeliveryDeps,
  delivery: WebhookDelivery,
  options: { attempt: number; timeoutMs?: number },
): Promise<{ outcome: TryOutcome; next: NextStep }> {
  const timeout = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
  const outcome = await tryWebhook(deps, delivery, timeout);
  return { outcome, next: nextStep(outcome, options.attempt) };
}
