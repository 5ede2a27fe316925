/** The inbound bucket as a RawMailArchive: the receipt rule stores each reply at `<prefix><SES message id>`. */
import { DeleteObjectCommand, GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { RawMailArchive } from "../../core/ports";
import { errorName, httpStatus } from "./errors";

export interface S3RawMailArchiveOptions {
  client: S3Client;
  bucket: string;
  /** The receipt rule's object key prefix (stacks/Email.ts, INBOUND_PREFIX). */
  prefix: string;
}

export class S3RawMailArchive implements RawMailArchive {
  constructor(private readonly options: S3RawMailArchiveOptions) {}

  /** The object key of a stored message: the one place that names it. */
  key(messageId: string): string {
    return `${this.options.prefix}${messageId}`;
  }

  async read(messageId: string, options: { firstBytes?: number } = {}): Promise<string | undefined> {
    const range = options.firstBytes === undefined ? {} : { Range: `bytes=0-${options.firstBytes - 1}` };
    try {
      const object = await this.options.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.key(messageId), ...range }),
      );
      return (await object.Body?.transformToString("utf8")) ?? "";
    } catch (error) {
      // Expired under the bucket's lifecycle rule, or deleted by an erasure.
      if (errorName(error) === "NoSuchKey" || httpStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /** The bucket is not versioned, so a delete removes the message (S3 answers 204 for a missing one too). */
  async delete(messageId: string): Promise<void> {
    await this.options.client.send(
      new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.key(messageId) }),
    );
  }
}
