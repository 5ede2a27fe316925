// SES receipt-rule Lambda events (an email received at a reply address), and the InboundMail the
// core's receiveReply takes (src/core/engine/replies.ts).
import { z } from "zod";
import type { MailHeader } from "../../../core/engine/inbound-mail";
import type { InboundMail } from "../../../core/engine/replies";

const Verdict = z.object({ status: z.string() }).optional();

/** The part of an SES receipt-rule Lambda event the reply handler reads. */
export const SesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({
            messageId: z.string().min(1),
            timestamp: z.string(),
            source: z.string().optional(),
            headersTruncated: z.boolean().optional(),
            headers: z.array(z.object({ name: z.string(), value: z.string() })).default([]),
            commonHeaders: z.object({ subject: z.string().optional() }).optional(),
          }),
          receipt: z.object({
            recipients: z.array(z.string()).min(1),
            spamVerdict: Verdict,
            virusVerdict: Verdict,
            dmarcVerdict: Verdict,
          }),
        }),
      }),
    )
    .min(1),
});
export type SesReceiptRecord = z.infer<typeof SesReceiptEvent>["Records"][number];

/** One record of the event as an InboundMail; `stored` reads the stored message's headers. */
export function inboundMailOf(
  { ses }: SesReceiptRecord,
  stored: (messageId: string) => Promise<MailHeader[]>,
): InboundMail {
  const { mail, receipt } = ses;
  return {
    messageId: mail.messageId,
    at: mail.timestamp,
    recipients: receipt.recipients,
    subject:
      mail.commonHeaders?.subject ??
      mail.headers.find((h) => h.name.toLowerCase() === "subject")?.value ??
      "",
    headers: mail.headers,
    ...(mail.headersTruncated ? { storedHeaders: () => stored(mail.messageId) } : {}),
    ...(mail.source !== undefined ? { envelopeFrom: mail.source } : {}),
    verdicts: {
      ...(receipt.spamVerdict ? { spam: receipt.spamVerdict.status } : {}),
      ...(receipt.virusVerdict ? { virus: receipt.virusVerdict.status } : {}),
      ...(receipt.dmarcVerdict ? { dmarc: receipt.dmarcVerdict.status } : {}),
    },
  };
}
