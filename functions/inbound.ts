// Inbound replies: the receipt rule stores the message in S3, then invokes this with its headers.
import { parseRawHeaders, receiveReply, SesReceiptEvent } from "../src/core/engine/replies";
import { rawMailArchive, wire } from "./wiring";

/** The stored message, read only when SES truncated the headers it passed along. */
async function storedHeaders(messageId: string) {
  const raw = await rawMailArchive()?.read(messageId);
  return parseRawHeaders(raw ?? "");
}

export async function handler(event: unknown) {
  const parsed = SesReceiptEvent.parse(event);
  const outcomes = [];
  for (const { ses } of parsed.Records) {
    const headers = ses.mail.headersTruncated ? await storedHeaders(ses.mail.messageId) : ses.mail.headers;
    outcomes.push(
      await receiveReply(wire(), {
        messageId: ses.mail.messageId,
        at: ses.mail.timestamp,
        recipients: ses.receipt.recipients,
        subject:
          ses.mail.commonHeaders?.subject ??
          headers.find((h) => h.name.toLowerCase() === "subject")?.value ??
          "",
        headers,
      }),
    );
  }
  return { outcomes };
}
