// Webhooks out (docs/webhooks.md): an SQS event source hands this function the queued deliveries;
// each is tried once, a failed one waits out its backoff in the queue, and after the last try the
// queue moves it to its dead-letter queue (src/adapters/aws/sqs-webhook-delivery.ts).
import { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { deliverWebhookMessages } from "../src/adapters/aws/sqs-webhook-delivery";
import { env, jsonEnv } from "./environment";
import { logger } from "./logger";

const sqs = new SQSClient({ region: process.env.AWS_REGION });

/** The signing keys by secret name (HANDOFF_WEBHOOK_SECRETS); none when the secret is unset. */
function signingKeys(): Record<string, string> {
  return process.env.HANDOFF_WEBHOOK_SECRETS
    ? jsonEnv<Record<string, string>>("HANDOFF_WEBHOOK_SECRETS")
    : {};
}

export async function handler(event: SQSEvent) {
  const keys = signingKeys();
  return deliverWebhookMessages(
    {
      sqs,
      queueUrl: env("HANDOFF_WEBHOOK_QUEUE_URL"),
      fetch: globalThis.fetch,
      clock: { now: () => new Date() },
      signingKey: (name) => keys[name],
      log: (message, fields) => logger.warn(message, fields),
    },
    event.Records,
  );
}
