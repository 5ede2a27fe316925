/**
 * The delivery function's work on a batch of SQS messages (functions/webhooks.ts): each message is
 * one WebhookDelivery, tried once with the use case (src/core/integrations/webhook-delivery.ts).
 * Delivered: the message is deleted (it is not reported as failed). Not delivered: it is reported
 * failed and kept out of sight for the backoff's wait (ChangeMessageVisibility); after the last try
 * its wait is 0, so the next receive exceeds maxReceiveCount and SQS moves it to the dead-letter
 * queue. The try number is the message's receive count.
 */
import { ChangeMessageVisibilityCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import { deliverWebhook, type WebhookDeliveryDeps } from "../../core/integrations/webhook-delivery";
import { WebhookDelivery } from "../../core/integrations/webhooks";

export interface SqsWebhookDeliveryDeps extends WebhookDeliveryDeps {
  sqs: SQSClient;
  queueUrl: string;
  /** One line per try not delivered (ids and reasons only: no personal data). */
  log(message: string, fields: Record<string, unknown>): void;
  timeoutMs?: number;
}

export async function deliverWebhookMessages(
  deps: SqsWebhookDeliveryDeps,
  records: readonly SQSRecord[],
): Promise<SQSBatchResponse> {
  const failed = await Promise.all(records.map((record) => deliverMessage(deps, record)));
  return {
    batchItemFailures: records
      .filter((_, index) => failed[index])
      .map((record) => ({ itemIdentifier: record.messageId })),
  };
}

/** One message: true when it stays in the queue (not delivered). */
async function deliverMessage(deps: SqsWebhookDeliveryDeps, record: SQSRecord): Promise<boolean> {
  const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
  const parsed = WebhookDelivery.safeParse(safeJson(record.body));
  if (!parsed.success) {
    // Never deliverable: straight on to the dead-letter queue, where it can be read.
    deps.log("webhook message malformed", { messageId: record.messageId, attempt });
    await hide(deps, record, 0);
    return true;
  }
  const delivery = parsed.data;
  const timeout = deps.timeoutMs === undefined ? {} : { timeoutMs: deps.timeoutMs };
  const { outcome, next } = await deliverWebhook(deps, delivery, { attempt, ...timeout });
  if (next.then === "done") return false;
  const reason = outcome.delivered ? "" : outcome.reason;
  deps.log("webhook not delivered", { eventId: delivery.event.id, attempt, reason, next: next.then });
  await hide(deps, record, next.then === "retry" ? next.afterSeconds : 0);
  return true;
}

async function hide(deps: SqsWebhookDeliveryDeps, record: SQSRecord, seconds: number): Promise<void> {
  await deps.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: deps.queueUrl,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: seconds,
    }),
  );
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
