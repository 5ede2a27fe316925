/**
 * The dead-letter queues on SQS. A queue cannot be searched: a scan receives every visible message
 * (holding each out of sight meanwhile), deletes the matching ones when asked, then lets the rest
 * go back at once. Messages another reader holds at that moment are not seen; docs/data-model.md
 * says why the queues' 14-day retention is what erasure rests on for those.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { DeadLetterQueues, DeadLetterScan } from "../../core/ports";

export interface SqsDeadLetterQueuesOptions {
  client: SQSClient;
  /** Queue name (for reports) → queue URL. */
  queues: Record<string, string>;
  /** Messages one scan reads from a queue at most (default 2,000): keeps a scan inside the API's time. */
  maxMessagesPerQueue?: number;
  /** How long a received message stays out of sight (default 60 s): longer than a scan lasts. */
  visibilitySeconds?: number;
  /** Long-poll wait of each receive (default 1 s): a long poll asks every SQS server, so empty means empty. */
  waitSeconds?: number;
}

interface Received {
  id: string;
  receipt: string;
  body: string;
}

/** SQS batch calls take at most 10 entries. */
const BATCH = 10;

export class SqsDeadLetterQueues implements DeadLetterQueues {
  constructor(private readonly options: SqsDeadLetterQueuesOptions) {}

  async scan(options: {
    matches: (body: string) => boolean;
    then: "delete" | "keep";
  }): Promise<DeadLetterScan[]> {
    return Promise.all(
      Object.entries(this.options.queues).map(([queue, url]) => this.scanQueue(queue, url, options)),
    );
  }

  private async scanQueue(
    queue: string,
    url: string,
    options: { matches: (body: string) => boolean; then: "delete" | "keep" },
  ): Promise<DeadLetterScan> {
    const { received, complete } = await this.receiveAll(url);
    const matched = received.filter((m) => options.matches(m.body));
    const deleted = options.then === "delete" ? matched : [];
    await this.inBatches(deleted, (entries) =>
      this.options.client.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: entries })),
    );
    const back = received.filter((m) => !deleted.includes(m));
    await this.inBatches(back, (entries) =>
      this.options.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: url,
          Entries: entries.map((e) => ({ ...e, VisibilityTimeout: 0 })),
        }),
      ),
    );
    return { queue, scanned: received.length, matched: matched.map((m) => m.body), complete };
  }

  /** Receives until the queue answers empty (complete) or the budget is spent. */
  private async receiveAll(url: string): Promise<{ received: Received[]; complete: boolean }> {
    const max = this.options.maxMessagesPerQueue ?? 2000;
    const byId = new Map<string, Received>();
    while (byId.size < max) {
      const out = await this.options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: BATCH,
          VisibilityTimeout: this.options.visibilitySeconds ?? 60,
          WaitTimeSeconds: this.options.waitSeconds ?? 1,
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) return { received: [...byId.values()], complete: true };
      for (const m of messages)
        if (m.MessageId && m.ReceiptHandle)
          byId.set(m.MessageId, { id: m.MessageId, receipt: m.ReceiptHandle, body: m.Body ?? "" });
    }
    return { received: [...byId.values()], complete: false };
  }

  private async inBatches(
    messages: Received[],
    send: (entries: Array<{ Id: string; ReceiptHandle: string }>) => Promise<{ Failed?: unknown[] }>,
  ): Promise<void> {
    for (let i = 0; i < messages.length; i += BATCH) {
      const entries = messages
        .slice(i, i + BATCH)
        .map((m, n) => ({ Id: String(n), ReceiptHandle: m.receipt }));
      const out = await send(entries);
      if (out.Failed?.length)
        throw new Error(`SQS refused ${out.Failed.length} of ${entries.length} entries`);
    }
  }
}
