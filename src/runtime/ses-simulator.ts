/**
 * SES's answers, locally: what SES sends back about an email it accepted, for the addresses whose
 * answer is known in advance. The mailbox simulator's addresses (src/core/smoke.ts
 * `simulatorOutcome`) get their delivery, bounce or complaint events, and `ooto` an out-of-office
 * answer to the email's reply address; an email to the stage's reply domain is received there, as
 * SES receiving would. Each answer goes through the use case its Lambda runs (functions/ses-events.ts,
 * functions/inbound.ts), from the event that Lambda parses; every other address gets no answer, so
 * the simulation's own prospects (src/runtime/simulate/ses-reports.ts) are untouched. The events' shapes
 * are src/runtime/local-ses-events.ts's.
 */
import { inboundMailOf, SesReceiptEvent } from "../adapters/aws/events/ses-receipt";
import type { MemoryRawMailArchive } from "../adapters/local/memory-privacy";
import type { EngineDeps } from "../core/engine/deps";
import { HEADER_READ_BYTES, type MailHeader, parseRawHeaders } from "../core/engine/inbound-mail";
import { receiveMailEvent } from "../core/engine/mail-events";
import { receiveReply } from "../core/engine/replies";
import type { OutboundEmail, SentEmail } from "../core/ports";
import { atReplyDomain, type SimulatorOutcome, simulatorOutcome } from "../core/smoke";
import {
  SES_COMPLAINT,
  SES_DELIVERY,
  SES_USER_UNKNOWN,
  type SesEventKind,
  sesMailEvent,
  sesPermanentBounce,
} from "./local-ses-events";
import { meterInvocation, type Usage } from "./meters";

/** RuntimeOptions.sesSimulator: break SES's side of a stage on purpose (the smoke tests do). */
export interface SesSimulatorOptions {
  /**
   * "delivered" (default): the events reach the ses-events use case; "lost": none does, as on a
   * stage whose configuration set has no event destination.
   */
  events?: "delivered" | "lost";
  /**
   * "active" (default): mail to the reply domain reaches the inbound use case; "inactive": none
   * does, as on a stage whose receipt rule set is not the active one (or whose MX record is missing).
   */
  receiving?: "active" | "inactive";
}

/** How long (virtual time) after SES accepted an email each of its answers comes, one after another. */
export const SES_ANSWER_DELAY_MS = 1_000;

/** Mail SES receiving hands the inbound use case: an out-of-office answer, or the email itself. */
type ReceivedAnswer = "out-of-office" | "received";

type SesAnswer = SesEventKind | ReceivedAnswer;

/** What SES answers about an email to each mailbox simulator address, in order. */
const SIMULATOR_ANSWERS: Record<SimulatorOutcome, readonly SesAnswer[]> = {
  success: [SES_DELIVERY],
  bounce: [SES_USER_UNKNOWN],
  complaint: [SES_DELIVERY, SES_COMPLAINT],
  suppressionlist: [sesPermanentBounce("OnAccountSuppressionList", "Amazon SES suppression list")],
  ooto: [SES_DELIVERY, "out-of-office"],
};

/** An email to the reply domain: delivered (SES receives for it), then received there. */
const REPLY_DOMAIN_ANSWERS: readonly SesAnswer[] = [SES_DELIVERY, "received"];

/** What the simulator needs of the runtime; `deps` is read when an answer comes (the engine is wired after the mailer). */
export interface SesSimulatorParts {
  schedule(at: number, action: () => Promise<void>): void;
  clock: { millis(): number };
  deps: () => EngineDeps;
  usage: Usage;
  /** Where received mail is kept whole, as the receipt rule's S3 action would (erasure and export find it). */
  rawMail: MemoryRawMailArchive;
  options?: SesSimulatorOptions | undefined;
}

/** One email SES accepted, and when. */
interface Accepted {
  email: OutboundEmail;
  sent: SentEmail;
  at: number;
}

/**
 * What sees each email SES accepted (the metered mailer's observer, src/runtime/local-engine.ts:
 * no extra step in the send's own path, so runs without such addresses go exactly as before) and
 * schedules SES's answers to it, SES_ANSWER_DELAY_MS apart.
 */
export function sesSimulator(parts: SesSimulatorParts): (email: OutboundEmail, sent: SentEmail) => void {
  return (email, sent) => {
    const accepted = { email, sent, at: parts.clock.millis() };
    answersTo(email.to, parts).forEach((answer, index) => {
      parts.schedule(accepted.at + (index + 1) * SES_ANSWER_DELAY_MS, () => give(parts, accepted, answer));
    });
  };
}

/** The answers SES gives an email to `to` that the runtime's options let through. */
function answersTo(to: string, parts: SesSimulatorParts): SesAnswer[] {
  const outcome = simulatorOutcome(to);
  const toReplyDomain = atReplyDomain(to, parts.deps().replyDomain);
  const answers = outcome ? SIMULATOR_ANSWERS[outcome] : toReplyDomain ? REPLY_DOMAIN_ANSWERS : [];
  const { events = "delivered", receiving = "active" } = parts.options ?? {};
  return answers.filter((answer) =>
    typeof answer === "string" ? receiving === "active" : events === "delivered",
  );
}

async function give(parts: SesSimulatorParts, accepted: Accepted, answer: SesAnswer): Promise<void> {
  if (typeof answer !== "string") return sesEvent(parts, accepted, answer);
  const mail = answer === "out-of-office" ? outOfOffice(accepted) : receivedAsSent(accepted);
  if (mail) await receive(parts, mail);
}

/** The SES event through the ses-events use case, parsed as functions/ses-events.ts parses it. */
async function sesEvent(parts: SesSimulatorParts, { email, sent, at }: Accepted, kind: SesEventKind) {
  const now = new Date(parts.clock.millis()).toISOString();
  const mailEvent = sesMailEvent(kind, { email, messageId: sent.messageId, sentAt: at }, now);
  await meterInvocation(parts.usage, "sesEvents", () => receiveMailEvent(parts.deps(), mailEvent));
}

/** A message SES receiving got: its id, envelope sender, recipient and headers. */
interface ReceivedMail {
  messageId: string;
  source: string;
  recipient: string;
  headers: MailHeader[];
}

/** RFC 3834's answer of an absent person, to the email's reply address (none without one: it goes to the sender). */
function outOfOffice({ email, sent }: Accepted): ReceivedMail | undefined {
  if (!email.replyTo) return undefined;
  return {
    messageId: `${sent.messageId}-out-of-office`,
    source: email.to,
    recipient: email.replyTo,
    headers: [
      { name: "From", value: email.to },
      { name: "To", value: email.replyTo },
      { name: "Subject", value: `Out of the office: ${email.subject}` },
      { name: "Auto-Submitted", value: "auto-replied" },
      { name: "In-Reply-To", value: sent.headerMessageId },
    ],
  };
}

/** The email itself, received at the reply domain it was sent to. */
function receivedAsSent({ email, sent }: Accepted): ReceivedMail {
  return {
    messageId: `${sent.messageId}-received`,
    source: email.from,
    recipient: email.to,
    headers: [
      { name: "From", value: email.from },
      { name: "To", value: email.to },
      { name: "Subject", value: email.subject },
      { name: "Message-ID", value: sent.headerMessageId },
      ...Object.entries(email.headers).map(([name, value]) => ({ name, value })),
    ],
  };
}

/**
 * The receipt rule's work: the message kept whole, then the inbound use case on the event
 * functions/inbound.ts parses (headers in the event; verdicts PASS).
 */
async function receive(parts: SesSimulatorParts, mail: ReceivedMail): Promise<void> {
  const raw = `${mail.headers.map(({ name, value }) => `${name}: ${value}`).join("\r\n")}\r\n\r\n`;
  parts.rawMail.messages.set(mail.messageId, raw);
  const pass = { status: "PASS" };
  const event = SesReceiptEvent.parse({
    Records: [
      {
        ses: {
          mail: {
            messageId: mail.messageId,
            timestamp: new Date(parts.clock.millis()).toISOString(),
            source: mail.source,
            headers: mail.headers,
          },
          receipt: {
            recipients: [mail.recipient],
            spamVerdict: pass,
            virusVerdict: pass,
            dmarcVerdict: pass,
          },
        },
      },
    ],
  });
  const stored = async (messageId: string) =>
    parseRawHeaders((await parts.rawMail.read(messageId, { firstBytes: HEADER_READ_BYTES })) ?? "");
  const inbound = inboundMailOf(event.Records[0]!, stored);
  await meterInvocation(parts.usage, "inbound", () => receiveReply(parts.deps(), inbound));
}
