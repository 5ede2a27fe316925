import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./workspace";

// Inbound mail as SES receiving hands it over: SES prepends its own headers (Return-Path from the
// envelope, Received, the verdict headers, Authentication-Results), stores the whole message in S3
// (the receipt rule's S3 action) and invokes the Lambda action with an event that carries the
// headers, the common headers and the receipt's verdicts, never the body. SES leaves the headers
// out of the event when they are too large (`headersTruncated`); this emulation cuts them at
// NOTIFICATION_HEADER_BYTES.

export const NOTIFICATION_HEADER_BYTES = 10 * 1024;

export type VerdictStatus = "PASS" | "FAIL" | "GRAY" | "PROCESSING_FAILED";

export interface DeliveryOptions {
  messageId: string;
  /** RCPT TO: the reply address. */
  recipient: string;
  /** MAIL FROM; "" for a null sender (bounces). */
  envelopeFrom: string;
  at: string;
  spam?: VerdictStatus;
  virus?: VerdictStatus;
  dmarc?: VerdictStatus;
}

export interface SesDelivery {
  /** The message as the S3 action stores it. */
  raw: string;
  /** The Lambda action's event. */
  event: { Records: Array<Record<string, unknown>> };
}

/** A raw message of tests/fixtures/inbound with its placeholders filled in. */
export function inboundFixture(name: string, fill: Record<string, string>): string {
  let text = readFileSync(join(REPO, "tests/fixtures/inbound", name), "utf8");
  for (const [placeholder, value] of Object.entries(fill)) text = text.replaceAll(placeholder, value);
  return text;
}

function headerList(block: string): Array<{ name: string; value: string }> {
  return block
    .replace(/\r\n[ \t]+/g, " ")
    .split("\r\n")
    .map((line) => /^([^:\s]+):[ \t]*(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ name: m[1]!, value: m[2]! }));
}

const addresses = (value: string | undefined) => (value ? value.split(/,\s*/) : undefined);

export function sesDelivery(message: string, o: DeliveryOptions): SesDelivery {
  const spam = o.spam ?? "PASS";
  const virus = o.virus ?? "PASS";
  const dmarc = o.dmarc ?? "GRAY";
  const added = [
    `Return-Path: <${o.envelopeFrom}>`,
    `Received: from mx.sender.example (mx.sender.example [192.0.2.10]) by inbound-smtp.us-east-1.amazonaws.com with SMTP id ${o.messageId} for ${o.recipient}; ${new Date(o.at).toUTCString()}`,
    `X-SES-Spam-Verdict: ${spam}`,
    `X-SES-Virus-Verdict: ${virus}`,
    `Authentication-Results: amazonses.com; spf=pass; dkim=pass; dmarc=${dmarc.toLowerCase()}`,
  ];
  const raw = `${added.join("\r\n")}\r\n${message}`;
  const block = raw.split("\r\n\r\n", 1)[0]!;
  const all = headerList(block);
  const truncated = Buffer.byteLength(block) > NOTIFICATION_HEADER_BYTES;
  const headers = truncated ? [] : all;
  const first = (name: string) => all.find((h) => h.name.toLowerCase() === name)?.value;
  const commonHeaders = {
    returnPath: o.envelopeFrom,
    from: addresses(first("from")),
    to: addresses(first("to")),
    date: first("date"),
    messageId: first("message-id"),
    subject: first("subject"),
  };
  return {
    raw,
    event: {
      Records: [
        {
          eventSource: "aws:ses",
          eventVersion: "1.0",
          ses: {
            mail: {
              timestamp: o.at,
              source: o.envelopeFrom,
              messageId: o.messageId,
              destination: [o.recipient],
              headersTruncated: truncated,
              headers,
              commonHeaders,
            },
            receipt: {
              timestamp: o.at,
              processingTimeMillis: 412,
              recipients: [o.recipient],
              spamVerdict: { status: spam },
              virusVerdict: { status: virus },
              spfVerdict: { status: "PASS" },
              dkimVerdict: { status: "PASS" },
              dmarcVerdict: { status: dmarc },
              action: {
                type: "Lambda",
                functionArn: "arn:aws:lambda:us-east-1:000000000000:function:test-handoff-Inbound",
                invocationType: "Event",
              },
            },
          },
        },
      ],
    },
  };
}
