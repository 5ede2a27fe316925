import { SQSClient } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqsDeadLetterQueues } from "../../src/adapters/aws/sqs-dead-letters";
import { type LocalSqs, startLocalSqs } from "../helpers/local-aws-storage";
import { localClientConfig } from "../helpers/stub-server";

// S3RawMailArchive has its own file: tests/integration/s3-raw-mail.test.ts.
let sqs: LocalSqs;
beforeAll(async () => {
  sqs = await startLocalSqs();
});
afterAll(async () => sqs?.close());

describe("SqsDeadLetterQueues against a local server speaking the SQS JSON subset (Receive, DeleteMessageBatch, ChangeMessageVisibilityBatch)", () => {
  const client = () => new SQSClient(localClientConfig(sqs.endpoint));
  const queues = (options: { maxMessagesPerQueue?: number } = {}) =>
    new SqsDeadLetterQueues({
      client: client(),
      queues: { "ses-events": sqs.url("ses-dlq"), inbound: sqs.url("inbound-dlq") },
      waitSeconds: 0,
      ...options,
    });
  const ana = (body: string) => body.includes("ana@example.com");

  it("copies the matching messages and lets every message go back at once", async () => {
    for (let i = 0; i < 23; i++)
      sqs.send("ses-dlq", `{"n":${i},"to":"${i % 5 === 0 ? "ana" : "bob"}@example.com"}`);
    sqs.send("inbound-dlq", '{"from":"ana@example.com"}');
    const scans = await queues().scan({ matches: ana, then: "keep" });
    expect(scans.map((s) => [s.queue, s.scanned, s.matched.length, s.complete])).toEqual([
      ["ses-events", 23, 5, true],
      ["inbound", 1, 1, true],
    ]);
    // Released, not left hidden for the visibility timeout: a second scan sees them all again.
    const again = await queues().scan({ matches: ana, then: "keep" });
    expect(again.map((s) => s.scanned)).toEqual([23, 1]);
  });

  it("deletes only the matching messages", async () => {
    await queues().scan({ matches: ana, then: "delete" });
    expect(sqs.bodies("ses-dlq")).toHaveLength(18);
    expect(sqs.bodies("ses-dlq").some(ana)).toBe(false);
    expect(sqs.bodies("inbound-dlq")).toEqual([]);
  });

  it("says a scan is incomplete when its budget ran out before the queue answered empty", async () => {
    const [scan] = await queues({ maxMessagesPerQueue: 10 }).scan({ matches: ana, then: "keep" });
    expect(scan).toMatchObject({ queue: "ses-events", scanned: 10, complete: false });
  });

  it("cannot see messages another reader holds at that moment (why erasure also rests on the queues' retention)", async () => {
    sqs.send("inbound-dlq", '{"from":"ana@example.com"}');
    sqs.hideAll("inbound-dlq", 30);
    const [, inbound] = await queues().scan({ matches: ana, then: "delete" });
    expect(inbound).toMatchObject({ scanned: 0, matched: [], complete: true });
    expect(sqs.bodies("inbound-dlq")).toHaveLength(1);
  });
});
