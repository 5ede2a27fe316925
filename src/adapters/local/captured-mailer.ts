import type { Mailer, OutboundEmail, SentEmail } from "../../core/ports";

/** A mailer that keeps what it is given (the in-memory runtime; the default runtime uses local SES). */
export class CapturedMailer implements Mailer {
  readonly sent: Array<OutboundEmail & { messageId: string }> = [];
  private n = 0;

  async send(email: OutboundEmail): Promise<SentEmail> {
    const messageId = `local-${String(++this.n).padStart(8, "0")}`;
    this.sent.push({ ...email, messageId });
    return { messageId, headerMessageId: `<${messageId}@handoff.local>` };
  }
}
