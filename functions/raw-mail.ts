// The raw mail of replies in the inbound bucket (stacks/Email.ts) and what erasure and export reach
// besides the table: only the functions that read or erase raw mail import this (api, inbound). S3
// is called by signed fetch (src/adapters/aws/s3-raw-mail.ts): no S3 client in any bundle.
import { S3RawMailArchive, s3ConnectionFromEnvironment } from "../src/adapters/aws/s3-raw-mail";
import { SqsDeadLetterQueues } from "../src/adapters/aws/sqs-dead-letters";
import { MemoryRawMailArchive } from "../src/adapters/local/memory-privacy";
import type { PrivacyPorts } from "../src/core/engine/privacy";
import { jsonEnv } from "./environment";
import { clients, once } from "./wiring";

/** The inbound bucket's raw mail; undefined on a stage without replies. */
export const rawMailArchive = once((): S3RawMailArchive | undefined => {
  const bucket = process.env.HANDOFF_INBOUND_BUCKET;
  if (!bucket) return undefined;
  const prefix = process.env.HANDOFF_INBOUND_PREFIX ?? "inbound/";
  return new S3RawMailArchive({ connection: s3ConnectionFromEnvironment(process.env), bucket, prefix });
});

/** What erasure and export reach besides the table: the inbound bucket and the dead-letter queues. */
export const privacyPorts = once(
  (): PrivacyPorts => ({
    // A stage without replies stores no raw mail: an empty archive stands for it.
    rawMail: rawMailArchive() ?? new MemoryRawMailArchive(),
    deadLetters: new SqsDeadLetterQueues({
      client: clients.sqs(),
      queues: jsonEnv<Record<string, string>>("HANDOFF_DEAD_LETTER_QUEUES"),
    }),
  }),
);
