/**
 * What `npm start` keeps of the emails a simulation sent: every one as a line of emails.jsonl,
 * streamed as it is sent (no HTML: 1,000 prospects send thousands), and the first ones whole as
 * HTML files to open (the in-memory mailbox keeps SimulateOptions.mailboxSample of them; the local
 * SES server keeps all).
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { OutboundEmail } from "../core/ports";
import type { LocalRuntime } from "../runtime/local-runtime";
import { DEFAULT_MAILBOX_SAMPLE } from "../runtime/simulate/simulator";

/** How many emails are written whole as HTML files (and shown by the --serve mailbox page): what the simulation's mailbox keeps. */
export const SAMPLE_EMAILS = DEFAULT_MAILBOX_SAMPLE;

/** One line of emails.jsonl. */
export interface EmailLine {
  messageId: string;
  to: string;
  from: string;
  subject: string;
  workflow?: string;
  step?: string;
  contact?: string;
  /** ISO time on the simulation's virtual clock. */
  sentAt: string;
}

/** An email of the sample, whole. */
export interface SampleEmail {
  to: string;
  from: string;
  subject: string;
  html: string;
}

/**
 * Streams emails.jsonl: `write` is SimulateOptions.onEmail; `close` flushes it and counts the lines.
 * The file is the simulation's: an email sent after `close` (while `--serve` runs live) is not in it.
 */
export function emailLog(file: string) {
  const stream = createWriteStream(file);
  let lines = 0;
  let closed: Promise<number> | undefined;
  return {
    write(email: OutboundEmail, messageId: string, sentAt: Date): void {
      if (closed) return;
      const { to, from, subject, tags } = email;
      const line: EmailLine = {
        messageId,
        to,
        from,
        subject,
        workflow: tags.workflow,
        step: tags.step,
        contact: tags.contact,
        sentAt: sentAt.toISOString(),
      };
      stream.write(`${JSON.stringify(line)}\n`);
      lines++;
    },
    /** Ends the file once (a second call waits for the same end). */
    close(): Promise<number> {
      closed ??= (async () => {
        stream.end();
        await once(stream, "finish");
        return lines;
      })();
      return closed;
    },
  };
}

/** The first SAMPLE_EMAILS emails whole: from the in-memory mailbox, or the local SES server (--servers). */
export async function sampleEmails(runtime: LocalRuntime): Promise<SampleEmail[]> {
  if (runtime.servers.ses) {
    const stored = await runtime.servers.ses.store();
    return stored.slice(0, SAMPLE_EMAILS).map((email) => ({
      to: email.destination.to.join(", "),
      from: email.from,
      subject: email.subject,
      html: email.body.html ?? "",
    }));
  }
  return (runtime.mailbox?.sent ?? []).slice(0, SAMPLE_EMAILS).map(({ to, from, subject, html }) => ({
    to,
    from,
    subject,
    html,
  }));
}

/** The sample as `<dir>/001.html`, `002.html`, … */
export function writeSampleFiles(emails: readonly SampleEmail[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  emails.forEach((email, i) => {
    writeFileSync(join(dir, `${String(i + 1).padStart(3, "0")}.html`), email.html);
  });
}
