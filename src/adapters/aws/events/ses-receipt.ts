// SES receipt-rule Lambda events (an email received at a reply address), and the InboundMail the
// core's receiveReply takes (src/core/engine/replies.ts).
import type { MailHeader } from "../../../core/engine/inbound-mail";
import type { InboundMail } from "../../../core/engine/replies";
import * as z from "../../../core/language/zod-mini";

const Verdict = z.optional(z.object({ status: z.string() }));

/** The part of an SES receipt-rule Lambda event the reply handler reads. */
export const SesReceiptEvent = z.object({
  Records: z
    .array(
      z.object({
        ses: z.object({
          mail: z.object({
            messageId: z.string().check(z.minLength(1)),
            timestamp: z.string(),
            source: z.optional(z.string()),
            headersTruncated: z.optional(z.boolean()),
            headers: z._default(z.array(z.object({ name: z.string(), value: z.string() })), []),
            commonHeaders: z.optional(z.object({ subject: z.optional(z.string()) })),
          }),
          receipt: z.object({
            recipients: z.array(z.string()).check(z.minLength(1)),
            spamVerdict: Verdict,
            virusVerdict: Verdict,
            dmarcVerdict: Verdict,
          }),
        }),
      }),
    )
    .check(z.minLength(1)),
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
