import type { Mailer, OutboundEmail, SentEmail } from "../../core/ports";

export interface CapturedMailerOptions {
  /**
   * How many emails are kept whole (HTML and text), the first ones sent; default all. Past it an
   * email is only counted: a large simulation streams its emails elsewhere (SimulateOptions.onEmail).
   */
  keep?: number;
}

/** A mailer that keeps what it is given (the in-memory runtime; `--servers` uses local SES). */
export class CapturedMailer implements Mailer {
  /** The first `keep` emails sent, whole. */
  readonly sent: Array<OutboundEmail & { messageId: string }> = [];
  private n = 0;
  private readonly keep: number;

  constructor(options: CapturedMailerOptions = {}) {
    this.keep = options.keep ?? Number.POSITIVE_INFINITY;
  }

  /** Every email sent, kept or not. */
  get count(): number {
    return this.n;
  }

  async send(email: OutboundEmail): Promise<SentEmail> {
    const messageId = `local-${String(++this.n).padStart(8, "0")}`;
    if (this.sent.length < this.keep) this.sent.push({ ...email, messageId });
    return { messageId, headerMessageId: `<${messageId}@handoff.local>` };
  }
}
