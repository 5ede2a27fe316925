import { ReceiveMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { SQSRecord } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { deliverWebhookMessages } from "../../src/adapters/aws/sqs-webhook-delivery";
import { SqsWebhookOutbox } from "../../src/adapters/aws/sqs-webhook-outbox";
import { webhookEventId } from "../../src/core/engine/webhook-events";
import { retryDelaySeconds, WEBHOOK_MAX_ATTEMPTS } from "../../src/core/integrations/webhook-delivery";
import { WebhookDelivery, type WebhookEvent } from "../../src/core/integrations/webhooks";
import type { WebhookSettings } from "../../src/core/language";
import { type LocalSqs, startLocalSqs } from "../helpers/local-aws-storage";
import { localClientConfig } from "../helpers/stub-server";
import { type Answer, startReceiver, type WebhookReceiver } from "../helpers/webhook-receiver";

const KEY = "test-webhook-key-0123456789abcdef";
const QUEUE = "webhook-deliveries";
const event: WebhookEvent = {
  id: webhookEventId("handoff", "c-1|trial-nurture.1"),
  name: "handoff",
  at: "2026-03-03T15:00:00.000Z",
  contactId: "c-1",
  data: { to: "sdr-follow-up" },
};

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

/** The local SQS stand-in, a receiver answering by `answer`, and the function's work over them. */
async function setUp(answer: (n: number) => Answer) {
  const sqs: LocalSqs = await startLocalSqs();
  const receiver: WebhookReceiver = await startReceiver(KEY, answer);
  opened.push(sqs, receiver);
  const client = new SQSClient(localClientConfig(sqs.endpoint));
  const queueUrl = sqs.url(QUEUE);
  const logged: Array<Record<string, unknown>> = [];
  const deliver = (records: SQSRecord[]) =>
    deliverWebhookMessages(
      {
        sqs: client,
        queueUrl,
        fetch: globalThis.fetch,
        clock: { now: () => new Date() },
        signingKey: (name) => (name === "crm" ? KEY : undefined),
        log: (_message, fields) => logged.push(fields),
      },
      records,
    );
  /** What the SQS event source hands the function: the visible messages, as their `receives`-th receive. */
  const receive = async (receives: number): Promise<SQSRecord[]> => {
    const out = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }));
    return (out.Messages ?? []).map(
      (m) =>
        ({
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          body: m.Body!,
          attributes: { ApproximateReceiveCount: String(receives) },
        }) as unknown as SQSRecord,
    );
  };
  return { sqs, receiver, client, queueUrl, deliver, receive, logged };
}

describe("webhooks on SQS, against a local SQS stand-in and a real local receiver", () => {
  it("publishes one message per subscribed webhook: the delivery, never the signing key", async () => {
    const { sqs, client, queueUrl } = await setUp(() => "ok");
    const webhooks: WebhookSettings[] = [
      { url: "https://crm.acme.example/a", events: ["handoff"], secret: "crm" },
      { url: "https://bi.acme.example/b", events: ["handoff", "conversion"], secret: "bi" },
      { url: "https://other.acme.example/c", events: ["conversion"], secret: "other" },
    ];
    await new SqsWebhookOutbox({ client, queueUrl }).publish(event, webhooks);
    const bodies = sqs.bodies(QUEUE).map((b) => WebhookDelivery.parse(JSON.parse(b)));
    expect(bodies.map((d) => [d.url, d.secret, d.event.id])).toEqual([
      ["https://crm.acme.example/a", "crm", event.id],
      ["https://bi.acme.example/b", "bi", event.id],
    ]);
    expect(sqs.bodies(QUEUE).join()).not.toContain(KEY);
  });

  it("delivered: the message is not reported failed (the event source deletes it)", async () => {
    const { client, queueUrl, deliver, receive, receiver } = await setUp(() => "ok");
    const webhooks: WebhookSettings[] = [{ url: receiver.url, events: ["handoff"], secret: "crm" }];
    await new SqsWebhookOutbox({ client, queueUrl }).publish(event, webhooks);
    expect(await deliver(await receive(1))).toEqual({ batchItemFailures: [] });
    expect(receiver.processed).toEqual([{ id: event.id, name: "handoff" }]);
    expect(receiver.received[0]!.verified).toBe(true);
  });

  it("not delivered: reported failed and hidden for the backoff's wait; after the last try hidden 0 s (the queue then dead-letters it)", async () => {
    const { sqs, client, queueUrl, deliver, receive, receiver, logged } = await setUp(() => "fail");
    const webhooks: WebhookSettings[] = [{ url: receiver.url, events: ["handoff"], secret: "crm" }];
    await new SqsWebhookOutbox({ client, queueUrl }).publish(event, webhooks);
    const first = await receive(1);
    expect(await deliver(first)).toEqual({ batchItemFailures: [{ itemIdentifier: first[0]!.messageId }] });
    expect(sqs.visibilityChanges.at(-1)).toEqual({
      receipt: first[0]!.receiptHandle,
      seconds: retryDelaySeconds(1),
    });
    sqs.hideAll(QUEUE, 0);
    const last = await receive(WEBHOOK_MAX_ATTEMPTS);
    expect((await deliver(last)).batchItemFailures).toHaveLength(1);
    expect(sqs.visibilityChanges.at(-1)).toEqual({ receipt: last[0]!.receiptHandle, seconds: 0 });
    expect(logged.map((l) => l.next)).toEqual(["retry", "dead-letter"]);
    expect(receiver.received.map((r) => r.id)).toEqual([event.id, event.id]);
  });

  it("a malformed message is reported failed at once and hidden 0 s: it goes on to the dead-letter queue", async () => {
    const { sqs, deliver, receive } = await setUp(() => "ok");
    sqs.send(QUEUE, "not json");
    const records = await receive(1);
    expect((await deliver(records)).batchItemFailures).toHaveLength(1);
    expect(sqs.visibilityChanges.at(-1)!.seconds).toBe(0);
  });
});
