// Inbound replies: the receipt rule stores the message in S3, then invokes this with its headers.
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { HEADER_READ_BYTES, parseRawHeaders } from "../src/core/engine/inbound-mail";
import { inboundMailOf, receiveReply, SesReceiptEvent } from "../src/core/engine/replies";
import { logger } from "./logger";
import { wire } from "./wiring";

const s3 = new S3Client({});

/**
 * The stored message's headers, for a message whose headers SES left out of the event: only its
 * first HEADER_READ_BYTES are fetched (a ranged GET), never the body behind them.
 */
async function storedHeaders(messageId: string) {
  const bucket = process.env.HANDOFF_INBOUND_BUCKET;
  if (!bucket) return [];
  const object = await s3.send(
    new GetObjectCommand({
      Bucket: bucket,
      Key: `${process.env.HANDOFF_INBOUND_PREFIX ?? "inbound/"}${messageId}`,
      Range: `bytes=0-${HEADER_READ_BYTES - 1}`,
    }),
  );
  return parseRawHeaders((await object.Body?.transformToString("utf8")) ?? "");
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
