/**
 * Webhooks out on AWS (docs/webhooks.md): the outbox is an SQS queue, one message per webhook and
 * event (a WebhookDelivery), read by the delivery function (functions/webhooks.ts). The queue's
 * redrive policy sends a message received WEBHOOK_MAX_ATTEMPTS times to its dead-letter queue.
 */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { TransientError } from "../../core/errors";
import {
  deliveriesOf,
  type WebhookDelivery,
  type WebhookEvent,
  type WebhookOutbox,
} from "../../core/integrations/webhooks";
import type { WebhookSettings } from "../../core/language";

export interface SqsWebhookOutboxOptions {
  client: SQSClient;
  queueUrl: string;
}

/** SQS batch calls take at most 10 entries. */
const BATCH = 10;

export class SqsWebhookOutbox implements WebhookOutbox {
  constructor(private readonly options: SqsWebhookOutboxOptions) {}

  /** Queues one message per subscribed webhook; throws (transient) when SQS takes any of them not. */
  async publish(event: WebhookEvent, webhooks: readonly WebhookSettings[]): Promise<void> {
    const deliveries = deliveriesOf(webhooks, event);
    for (let start = 0; start < deliveries.length; start += BATCH)
      await this.send(deliveries.slice(start, start + BATCH), start);
  }

  private async send(deliveries: WebhookDelivery[], offset: number): Promise<void> {
    const answer = await this.options.client.send(
      new SendMessageBatchCommand({
        QueueUrl: this.options.queueUrl,
        Entries: deliveries.map((delivery, index) => ({
          Id: String(offset + index),
          MessageBody: JSON.stringify(delivery),
        })),
      }),
    );
    const failed = answer.Failed ?? [];
    if (failed.length)
      throw new TransientError(
        `SQS did not queue ${failed.length} webhook deliveries of ${deliveries[0]?.event.id}: ${failed[0]?.Code}`,
      );
  }
}
