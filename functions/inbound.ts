// Inbound replies: the receipt rule stores the message in S3, then invokes this with its headers.
import { inboundMailOf, SesReceiptEvent } from "../src/adapters/aws/events/ses-receipt";
import { HEADER_READ_BYTES, parseRawHeaders } from "../src/core/engine/inbound-mail";
import { receiveReply } from "../src/core/engine/replies";
import { logger } from "./logger";
import { rawMailArchive } from "./raw-mail";
import { wire } from "./wiring";

/**
 * The stored message's headers, for a message whose headers SES left out of the event: only its
 * first HEADER_READ_BYTES are fetched (a ranged GET), never the body behind them.
 */
async function storedHeaders(messageId: string) {
  const raw = await rawMailArchive()?.read(messageId, { firstBytes: HEADER_READ_BYTES });
  return parseRawHeaders(raw ?? "");
}

export async function handler(event: unknown) {
  const parsed = SesReceiptEvent.parse(event);
  const outcomes = [];
  for (const record of parsed.Records) {
    const outcome = await receiveReply(wire(), inboundMailOf(record, storedHeaders));
    // Ids and Handoff's own reasons only: never an address or a subject.
    logger.info("inbound mail", { messageId: record.ses.mail.messageId, ...outcome });
    outcomes.push(outcome);
  }
  return { outcomes };
}
