/**
 * The inbound bucket as a RawMailArchive: the receipt rule stores each reply at `<prefix><SES
 * message id>`. GetObject and DeleteObject are signed fetches (src/adapters/aws/signed-fetch.ts), not
 * the S3 client: it was 444 KB of the two bundles that read raw mail (docs/deploy.md).
 * Invariant: the bucket's name is DNS-compatible (no dots: SST names it), so AWS's endpoint is
 * virtual-hosted `<bucket>.s3.<region>.amazonaws.com`; an endpoint override is addressed path-style.
 */
import { RawMailRefusedError, TransientError } from "../../core/errors";
import type { RawMailArchive } from "../../core/ports";
import {
  type AwsAnswer,
  type AwsConnection,
  awsDomain,
  lambdaAccess,
  signedFetch,
  worthRetrying,
} from "./signed-fetch";
import { uriEncode } from "./sigv4";

export interface S3RawMailArchiveOptions {
  /** Where and as whom S3 is called (`s3ConnectionFromEnvironment` in a Lambda function). */
  connection: AwsConnection;
  bucket: string;
  /** The receipt rule's object key prefix (stacks/Email.ts, INBOUND_PREFIX). */
  prefix: string;
}

/** A raw message can be large (SES takes up to 40 MB): one try waits this long unless the connection says. */
const READ_WITHIN_MS = 20_000;

/** A Lambda function's connection to S3: its region and role (AWS_ENDPOINT_URL_S3 overrides the endpoint). */
export function s3ConnectionFromEnvironment(environment: NodeJS.ProcessEnv): AwsConnection {
  const access = lambdaAccess(
    environment,
    (missing) => new RawMailRefusedError(`raw mail cannot be reached: ${missing}`, 0),
  );
  const override = environment.AWS_ENDPOINT_URL_S3 || environment.AWS_ENDPOINT_URL;
  return { ...access, ...(override ? { endpoint: new URL(override) } : {}) };
}

/** The S3 calls the archive makes, by their HTTP method. */
const METHODS = { GetObject: "GET", DeleteObject: "DELETE" } as const;

/** S3's error code and message from its XML error body. */
function s3Error(answer: AwsAnswer): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(answer.text)?.[1] ?? "";
  const message = /<Message>([^<]*)<\/Message>/.exec(answer.text)?.[1] ?? "";
  return answer.status === 0 ? answer.text : `${answer.status} ${code}${message ? `: ${message}` : ""}`;
}

export class S3RawMailArchive implements RawMailArchive {
  constructor(private readonly options: S3RawMailArchiveOptions) {}

  /** The object key of a stored message: the one place that names it. */
  key(messageId: string): string {
    return `${this.options.prefix}${messageId}`;
  }

  /** The object's URL: virtual-hosted on AWS, path-style on an overridden endpoint. */
  private url(messageId: string): URL {
    const { connection, bucket } = this.options;
    const path = this.key(messageId).split("/").map(uriEncode).join("/");
    if (!connection.endpoint)
      return new URL(`https://${bucket}.s3.${connection.region}.${awsDomain(connection.region)}/${path}`);
    return new URL(`${connection.endpoint.href.replace(/\/$/, "")}/${uriEncode(bucket)}/${path}`);
  }

  /**
   * One signed call on the message's object: its answer when it succeeded (2xx) or was one of
   * `expected`, a typed error otherwise.
   */
  private async call(
    operation: keyof typeof METHODS,
    messageId: string,
    options: { headers?: Record<string, string>; expected?: number[] } = {},
  ) {
    const { connection } = this.options;
    const answer = await signedFetch(
      { answerWithinMs: READ_WITHIN_MS, ...connection },
      {
        service: "s3",
        method: METHODS[operation],
        url: this.url(messageId),
        headers: options.headers ?? {},
        contentSha256Header: true,
      },
    );
    const ok = answer.status >= 200 && answer.status < 300;
    if (ok || options.expected?.includes(answer.status)) return answer;
    const message = `S3 ${operation} of ${this.key(messageId)} in ${this.options.bucket} failed: ${s3Error(answer)}`;
    // Still throttled (503 SlowDown), failing or silent after the retries: worth retrying later.
    throw worthRetrying(answer)
      ? new TransientError(message)
      : new RawMailRefusedError(message, answer.status);
  }

  async read(messageId: string, options: { firstBytes?: number } = {}): Promise<string | undefined> {
    const headers: Record<string, string> =
      options.firstBytes === undefined ? {} : { range: `bytes=0-${options.firstBytes - 1}` };
    // 404: expired under the bucket's lifecycle rule, or deleted by an erasure. 416: a range of an empty object.
    const answer = await this.call("GetObject", messageId, { headers, expected: [404, 416] });
    if (answer.status === 404) return undefined;
    return answer.status === 416 ? "" : answer.text;
  }

  /** The bucket is not versioned, so a delete removes the message (S3 answers 204 for a missing one too). */
  async delete(messageId: string): Promise<void> {
    await this.call("DeleteObject", messageId);
  }
}
