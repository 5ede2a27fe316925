import { createHash, randomUUID } from "node:crypto";
import { type LocalServer, listenLocally } from "./stub-server";

// No SQS server can run here, so this speaks the documented subset the adapters use (S3's stub is
// tests/helpers/s3-stub.ts).
// SQS (awsJson1_0, X-Amz-Target: AmazonSQS.<Operation>): ReceiveMessage with visibility timeouts,
// DeleteMessageBatch and ChangeMessageVisibility(Batch) by receipt handle, SendMessageBatch. Time is
// the server's own.

interface QueuedMessage {
  id: string;
  body: string;
  receipt?: string;
  /** Epoch ms until which a receive does not return it. */
  hiddenUntil: number;
}

export interface LocalSqs extends LocalServer {
  /** Queue URL of a queue by name (created on first use). */
  url(name: string): string;
  send(name: string, body: string): void;
  /** Bodies of every message in the queue, visible or not. */
  bodies(name: string): string[];
  /** Every ChangeMessageVisibility (single message) received, in order. */
  visibilityChanges: Array<{ receipt: string; seconds: number }>;
  /** Holds the queue's messages out of sight, as another reader's receive would. */
  hideAll(name: string, seconds: number): void;
}

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");

export async function startLocalSqs(): Promise<LocalSqs> {
  const queues = new Map<string, QueuedMessage[]>();
  const visibilityChanges: Array<{ receipt: string; seconds: number }> = [];
  let n = 0;
  const queue = (url: string) => {
    const name = url.slice(url.lastIndexOf("/") + 1);
    if (!queues.has(name)) queues.set(name, []);
    return queues.get(name)!;
  };
  const operations: Record<string, (input: Record<string, unknown>) => unknown> = {
    ReceiveMessage(input) {
      const now = Date.now();
      const visible = queue(String(input.QueueUrl)).filter((m) => m.hiddenUntil <= now);
      const batch = visible.slice(0, Number(input.MaxNumberOfMessages ?? 1));
      for (const m of batch) {
        m.receipt = randomUUID();
        m.hiddenUntil = now + Number(input.VisibilityTimeout ?? 30) * 1000;
      }
      const messages = batch.map((m) => ({
        MessageId: m.id,
        ReceiptHandle: m.receipt,
        Body: m.body,
        MD5OfBody: md5(m.body),
      }));
      return messages.length ? { Messages: messages } : {};
    },
    DeleteMessageBatch(input) {
      const messages = queue(String(input.QueueUrl));
      const entries = input.Entries as Array<{ Id: string; ReceiptHandle: string }>;
      for (const e of entries) {
        const at = messages.findIndex((m) => m.receipt === e.ReceiptHandle);
        if (at !== -1) messages.splice(at, 1);
      }
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    },
    SendMessageBatch(input) {
      const entries = input.Entries as Array<{ Id: string; MessageBody: string }>;
      const messages = queue(String(input.QueueUrl));
      const sent = entries.map((e) => ({
        Id: e.Id,
        MessageId: `m-${++n}`,
        MD5OfMessageBody: md5(e.MessageBody),
      }));
      for (const [i, e] of entries.entries())
        messages.push({ id: sent[i]!.MessageId, body: e.MessageBody, hiddenUntil: 0 });
      return { Successful: sent, Failed: [] };
    },
    ChangeMessageVisibility(input) {
      const m = queue(String(input.QueueUrl)).find((q) => q.receipt === input.ReceiptHandle);
      if (m) m.hiddenUntil = Date.now() + Number(input.VisibilityTimeout) * 1000;
      visibilityChanges.push({
        receipt: String(input.ReceiptHandle),
        seconds: Number(input.VisibilityTimeout),
      });
      return {};
    },
    ChangeMessageVisibilityBatch(input) {
      const entries = input.Entries as Array<{
        Id: string;
        ReceiptHandle: string;
        VisibilityTimeout: number;
      }>;
      for (const e of entries) {
        const m = queue(String(input.QueueUrl)).find((q) => q.receipt === e.ReceiptHandle);
        if (m) m.hiddenUntil = Date.now() + e.VisibilityTimeout * 1000;
      }
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    },
  };
  const server = await listenLocally((req, body, res) => {
    const operation = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSQS\./, "");
    const run = operations[operation];
    const [status, out] = run
      ? [200, run(JSON.parse(body || "{}") as Record<string, unknown>)]
      : [400, { __type: "com.amazonaws.sqs#InvalidAction", message: `${operation} is not spoken here` }];
    res.writeHead(status, { "content-type": "application/x-amz-json-1.0" }).end(JSON.stringify(out));
  });
  return {
    ...server,
    visibilityChanges,
    url: (name) => `${server.endpoint}/000000000000/${name}`,
    send(name, body) {
      queue(name).push({ id: `m-${++n}`, body, hiddenUntil: 0 });
    },
    bodies: (name) => queue(name).map((m) => m.body),
    hideAll(name, seconds) {
      for (const m of queue(name)) m.hiddenUntil = Date.now() + seconds * 1000;
    },
  };
}
