import { Duration } from "aws-cdk-lib";
import { EventSourceMapping } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import { WEBHOOK_MAX_ATTEMPTS } from "../src/core/integrations/webhook-delivery";
import { Data, failedEventsQueue } from "./Data";
import { bundledFunction } from "./lambda-functions";
import { NAG, suppress } from "./nag";

/** The delivery function's time: a batch's tries run at once, each answered or cut at 10 s. */
export const WEBHOOK_FUNCTION_TIMEOUT_SECONDS = 30;

/**
 * Webhooks out (docs/webhooks.md): the functions queue one message per webhook and event on
 * WebhookDeliveries (they may only SendMessage, stacks/grants.ts); the delivery function takes
 * them from an SQS event source, tries each once, hides a failed one for its backoff
 * (ChangeMessageVisibility) and, past WEBHOOK_MAX_ATTEMPTS receives, SQS moves it to
 * WebhookDeadLetters (alarmed, scanned by erasure, redriven from the SQS console). Deployed with or
 * without settings.webhooks: the functions publish only for subscribed events, so idle it costs
 * nothing. The delivery function reads no table and only its secret (HANDOFF_WEBHOOK_SECRETS).
 */
export function Webhooks({ stack }: StackContext) {
  const data = use(Data);
  const deadLetters = failedEventsQueue(stack, "WebhookDeadLetters");
  const queue = new Queue(stack, "WebhookDeliveries", {
    // Longer than a whole try of a batch, so no message is received twice at once.
    visibilityTimeout: Duration.seconds(WEBHOOK_FUNCTION_TIMEOUT_SECONDS * 6),
    // The tries span about a day (src/core/integrations/webhook-delivery.ts); kept well past it.
    retentionPeriod: Duration.days(4),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: WEBHOOK_MAX_ATTEMPTS },
  });
  const delivery = bundledFunction(stack, "WebhookDelivery", {
    handler: "functions/webhooks.handler",
    description: "Handoff: webhook events to the receivers of settings.webhooks",
    timeoutSeconds: WEBHOOK_FUNCTION_TIMEOUT_SECONDS,
    environment: { HANDOFF_WEBHOOK_QUEUE_URL: queue.queueUrl },
    bind: [data.secrets.webhookSecrets],
  });
  // Receive, delete and change visibility on this queue only (the event source's grant).
  const source = new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true });
  delivery.addEventSource(source);
  suppress(delivery, NAG.queueConsumer);
  for (const mapping of delivery.node.findAll().filter((child) => child instanceof EventSourceMapping))
    suppress(mapping, NAG.queueEventSource);
  stack.addOutputs({ WebhookDeadLetters: deadLetters.queueUrl });
  return { queue, deadLetters, delivery };
}
