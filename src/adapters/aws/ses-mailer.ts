/**
 * Mailer on SES v2: one SendEmail with Simple content, custom headers (List-Unsubscribe,
 * List-Unsubscribe-Post) in `Headers`, event tags in `EmailTags`.
 */
import {
  type MessageHeader,
  type MessageTag,
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from "@aws-sdk/client-sesv2";
import { markNotSent, markThrottled, SendingPausedError, TransientError } from "../../core/errors";
import type { Mailer, OutboundEmail, SentEmail } from "../../core/ports";
import {
  errorMessage,
  errorName,
  httpStatus,
  isThrottling,
  isTransientAwsError,
  neverConnected,
  PermanentSendError,
} from "./errors";
import { sesTags } from "./ses-tags";

export interface SesMailerOptions {
  client: SESv2Client;
  /** Configuration set whose event destination publishes deliveries, bounces, opens and clicks. */
  configurationSet: string;
  /** FeedbackForwardingEmailAddress: where SES forwards bounces and complaints. */
  feedbackAddress?: string;
}

/** SES errors worth retrying beside throttling, 5xx and network failures. */
const TRANSIENT_SES_ERRORS = new Set(["TooManyRequestsException", "LimitExceededException"]);

/** SES errors that no retry will fix. */
const PERMANENT_SES_ERRORS = new Set([
  "AccountSuspendedException",
  "MailFromDomainNotVerifiedException",
  "MessageRejected",
  "BadRequestException",
  "NotFoundException",
]);

export class SesMailer implements Mailer {
  private readonly client: SESv2Client;
  private readonly configurationSet: string;
  private readonly feedbackAddress: string | undefined;

  constructor(options: SesMailerOptions) {
    this.client = options.client;
    this.configurationSet = options.configurationSet;
    this.feedbackAddress = options.feedbackAddress;
  }

  async send(email: OutboundEmail): Promise<SentEmail> {
    const command = new SendEmailCommand(this.buildInput(email));
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.client.send(command));
    } catch (err) {
      throw mapSesError(err);
    }
    if (!messageId) throw new TransientError("SES SendEmail answered without a MessageId");
    return { messageId, headerMessageId: sesHeaderMessageId(messageId, await this.client.config.region()) };
  }

  /** The SendEmail input (exposed for inspection; send() is what callers use). */
  buildInput(email: OutboundEmail): SendEmailCommandInput {
    const replyTo = email.replyTo ? stripAddress(email.replyTo) : "";
    return {
      FromEmailAddress: stripAddress(email.from),
      Destination: { ToAddresses: [stripAddress(email.to)] },
      ...(replyTo ? { ReplyToAddresses: [replyTo] } : {}),
      ConfigurationSetName: this.configurationSet,
      ...(this.feedbackAddress ? { FeedbackForwardingEmailAddress: stripAddress(this.feedbackAddress) } : {}),
      Content: {
        Simple: {
          Subject: { Data: stripLineBreaks(email.subject), Charset: "UTF-8" },
          Body: {
            ...(email.html ? { Html: { Data: email.html, Charset: "UTF-8" } } : {}),
            ...(email.text ? { Text: { Data: email.text, Charset: "UTF-8" } } : {}),
          },
          Headers: toHeaders(email.headers),
        },
      },
      EmailTags: toTags(email.tags),
    };
  }
}

/**
 * The Message-ID header SES gives an email it accepted: the message id at the region's SES domain,
 * `email.amazonses.com` in us-east-1 and `<region>.amazonses.com` elsewhere (eu-west-1,
 * ap-south-1, …). Later emails of a thread put it in In-Reply-To and References.
 */
export function sesHeaderMessageId(messageId: string, region: string): string {
  return `<${messageId}@${region === "us-east-1" ? "email" : region}.amazonses.com>`;
}

/** Replaces every run of CR/LF with one space: no header can be smuggled into another. */
export function stripLineBreaks(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

/** Removes CR/LF (and surrounding blanks) from an address. */
export function stripAddress(value: string): string {
  return value.replace(/[\r\n]+/g, "").trim();
}

/** Custom headers: names keep printable ASCII except ':' (SES's rule), values lose CR/LF. */
export function toHeaders(headers: Record<string, string>): MessageHeader[] {
  const out: MessageHeader[] = [];
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.replace(/[^\x21-\x39\x3b-\x7e]/g, "");
    if (!name) continue;
    out.push({ Name: name, Value: stripLineBreaks(rawValue).trim() });
  }
  return out;
}

/** EmailTags from `tags`, escaped reversibly as ses-tags.ts describes. */
export function toTags(tags: Record<string, string>): MessageTag[] {
  return sesTags(tags).map(({ name, value }) => ({ Name: name, Value: value }));
}

/**
 * TransientError for what a retry may fix, SendingPausedError while sending is paused,
 * PermanentSendError for what no retry fixes; else as thrown. An error SES answered with a 4xx,
 * or a request that never connected, is marked not sent (the ledger claim is released); a 5xx, a
 * timeout or a connection lost after it opened is not: SES may have accepted the email.
 */
export function mapSesError(err: unknown): unknown {
  scrubAddresses(err);
  const name = errorName(err);
  const message = `SES SendEmail failed: ${name || "error"}: ${errorMessage(err)}`;
  const status = httpStatus(err);
  const refused = <E extends Error>(e: E): E =>
    (status !== undefined && status >= 400 && status < 500) || neverConnected(err) ? markNotSent(e) : e;
  if (name === "SendingPausedException") return refused(withCause(new SendingPausedError(message), err));
  if (PERMANENT_SES_ERRORS.has(name)) return refused(new PermanentSendError(name, message, { cause: err }));
  // Throttling (TooManyRequestsException: the maximum send rate exceeded) is marked so that a paced
  // machine holds the email for a reserved second instead of retrying it for minutes.
  if (name === "TooManyRequestsException" || isThrottling(err))
    return refused(markThrottled(withCause(new TransientError(message), err)));
  if (TRANSIENT_SES_ERRORS.has(name) || isTransientAwsError(err))
    return refused(withCause(new TransientError(message), err));
  return err instanceof Error ? refused(err) : err;
}

const ADDRESS_IN_TEXT = /[^\s<>()[\]{}'",;:]+@[^\s<>()[\]{}'",;:]+/g;

/**
 * SES names the recipient in some refusals ("…failed the check in region US-EAST-1: ana@…"). The
 * error becomes a failed task's cause in the execution history and a log line, which erasure
 * cannot reach: so its message and stack lose every address before anything sees them.
 */
function scrubAddresses(err: unknown): void {
  if (!(err instanceof Error)) return;
  err.message = err.message.replace(ADDRESS_IN_TEXT, "<address>");
  if (err.stack) err.stack = err.stack.replace(ADDRESS_IN_TEXT, "<address>");
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  error.cause = cause;
  return error;
}
