import type { OutboundEmail } from "../../core/ports";

/** One email as it left the mailer, on virtual time. */
export interface CapturedSend {
  contactId: string;
  workflowId: string;
  stepId: string;
  enrollmentId: string;
  /** The provider's message id (random with local SES: never printed). */
  messageId: string;
  email: OutboundEmail;
  at: number;
}

/** Something the scenario did (or could not do) that the store does not show. */
export interface Note {
  contactId: string;
  at: number;
  text: string;
}

/** A scenario event that no real contact could make (so it was not delivered): a failure of the scenario. */
export interface Fault extends Note {
  /** The event's index in the scenario's `events`. */
  index: number;
}

/** What the runner saw while a scenario ran: the emails that went out, its own notes, its faults. */
export class Journal {
  readonly sends: CapturedSend[] = [];
  readonly notes: Note[] = [];
  readonly faults: Fault[] = [];

  constructor(private readonly now: () => number) {}

  capture(email: OutboundEmail, messageId: string): CapturedSend | undefined {
    const { contact, workflow, step, enrollment } = email.tags;
    if (!contact || !workflow || !step || !enrollment) return undefined;
    const send: CapturedSend = {
      contactId: contact,
      workflowId: workflow,
      stepId: step,
      enrollmentId: enrollment,
      messageId,
      email,
      at: this.now(),
    };
    this.sends.push(send);
    return send;
  }

  note(contactId: string, text: string, at = this.now()): void {
    this.notes.push({ contactId, at, text });
  }

  /** Event number `index` could not happen: a failure (`text`), and `brief` in the contact's timeline. */
  fault(contactId: string, index: number, why: { found: string; brief: string }): void {
    const at = this.now();
    this.faults.push({ contactId, at, text: why.found, index });
    this.note(contactId, why.brief, at);
  }

  /** The latest email to the contact at or before now, preferring one that satisfies `prefer`. */
  latestTo(contactId: string, prefer?: (send: CapturedSend) => boolean): CapturedSend | undefined {
    const now = this.now();
    const mine = this.sends.filter((send) => send.contactId === contactId && send.at <= now);
    const preferred = prefer ? mine.filter(prefer) : [];
    return preferred.at(-1) ?? mine.at(-1);
  }
}
