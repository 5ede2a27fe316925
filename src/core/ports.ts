/**
 * The ports the use cases talk through. src/adapters/aws implements them on DynamoDB, SES v2,
 * Step Functions and HTTPS; src/adapters/local on the local servers and in memory. Use cases
 * never import an SDK: they get these through constructor options.
 */
import type {
  Contact,
  EngagementEvent,
  Enrollment,
  EnrollmentStatus,
  ReplyRef,
  RepTask,
  RepTaskStatus,
  SendRecord,
  StageChange,
  Suppression,
} from "./model";

/** Time is a port: the local runtime runs a virtual clock, tests a fixed one. */
export interface Clock {
  now(): Date;
}

/** Unique ids for events, tasks and messages; seeded in simulations so runs are reproducible. */
export interface IdGenerator {
  next(prefix: string): string;
}

/** A contact with its events (in time order) and enrollments: one read of its partition. */
export interface ContactView {
  contact: Contact;
  events: EngagementEvent[];
  enrollments: Enrollment[];
  /** The contact's send-ledger entries. */
  sends: SendRecord[];
}

export interface CounterOptions {
  expiresAt?: Date;
}

export interface ContactStore {
  getContact(id: string): Promise<Contact | undefined>;
  /** The contact, its events and its enrollments in one read (what every handler starts from). */
  getContactView(id: string): Promise<ContactView | undefined>;
  findContactByEmail(email: string): Promise<Contact | undefined>;
  /** Creates the contact; false when one with that id exists already (nothing is overwritten). */
  createContact(contact: Contact): Promise<boolean>;
  /** Updates profile fields (not stage or consent, which have their own methods). */
  updateContact(
    id: string,
    patch: Partial<Omit<Contact, "id" | "stage" | "consent" | "createdAt">>,
    at: string,
  ): Promise<void>;
  /** Moves the stage if it is still `change.from` (optimistic); appends to the history. False if it moved meanwhile. */
  changeStage(change: StageChange): Promise<boolean>;
  stageHistory(contactId: string): Promise<StageChange[]>;
  setConsent(contactId: string, consent: Contact["consent"]): Promise<void>;

  /** Stores an event once: false when an event with the same id (and time) was stored before. */
  recordEvent(event: EngagementEvent): Promise<boolean>;
  /** A contact's events in time order, optionally only those at or after `since`. */
  listEvents(contactId: string, since?: string): Promise<EngagementEvent[]>;

  /** Creates an enrollment; false when that (contact, workflow, seq) exists already. */
  createEnrollment(enrollment: Enrollment): Promise<boolean>;
  getEnrollment(contactId: string, enrollmentId: string): Promise<Enrollment | undefined>;
  listEnrollments(contactId: string, workflowId?: string): Promise<Enrollment[]>;
  /** Applies `patch` when the enrollment's status is one of `onlyIf` (default: any). False otherwise. */
  updateEnrollment(
    contactId: string,
    enrollmentId: string,
    patch: Partial<Omit<Enrollment, "id" | "contactId" | "workflowId">>,
    onlyIf?: EnrollmentStatus[],
  ): Promise<boolean>;
  /**
   * Enrollments in one status across all contacts (optionally of one workflow), oldest first: the
   * failed ones for an operator to redrive. Read from an index: may lag a write by a moment.
   */
  listEnrollmentsByStatus(status: EnrollmentStatus, workflowId?: string): Promise<Enrollment[]>;
  /** Removes the pause if it still holds `token`. */
  clearPause(contactId: string, enrollmentId: string, token: string): Promise<boolean>;

  getSuppression(email: string): Promise<Suppression | undefined>;
  /** Suppresses an address; the first reason recorded stays. */
  suppress(suppression: Suppression): Promise<void>;

  /**
   * Claims (enrollment, step) in the send ledger: the record, or the existing one when already
   * claimed. A released entry can be claimed again.
   */
  claimSend(record: SendRecord): Promise<{ claimed: boolean; record: SendRecord }>;
  /** Releases a claim whose email SES refused (certainly not sent); false when it is no longer `claimed`. */
  releaseSend(contactId: string, enrollmentId: string, stepId: string, reason: string): Promise<boolean>;
  completeSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    patch: Partial<SendRecord>,
  ): Promise<void>;
  getSend(contactId: string, enrollmentId: string, stepId: string): Promise<SendRecord | undefined>;
  /** The ledger entry of the email with this SES message id. */
  findSendByMessageId(messageId: string): Promise<SendRecord | undefined>;

  /** Remembers which email a reply address's key belongs to (written before the send). */
  saveReplyKey(ref: ReplyRef): Promise<void>;
  findReplyKey(key: string): Promise<ReplyRef | undefined>;

  createTask(task: RepTask): Promise<boolean>;
  getTask(id: string): Promise<RepTask | undefined>;
  updateTask(id: string, patch: Partial<RepTask>, onlyIf?: RepTaskStatus[]): Promise<boolean>;
  listTasks(owner: string, status?: RepTaskStatus): Promise<RepTask[]>;

  /**
   * An ever-increasing counter (round-robin assignment, the send pacer's per-second counts): the
   * value after adding 1. With `expiresAt` the counter may be deleted any time after that instant
   * (DynamoDB's TTL); until then it counts on.
   */
  increment(counter: string, options?: CounterOptions): Promise<number>;
}

export interface OutboundEmail {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: Record<string, string>;
}

export interface SentEmail {
  /** The provider's message id (SES events name the email by it). */
  messageId: string;
  /** The Message-ID header the recipient sees, `<…@…>`: later emails of a thread refer to it. */
  headerMessageId: string;
}

export interface Mailer {
  /** Sends one email. Throws TransientError for throttling. */
  send(email: OutboundEmail): Promise<SentEmail>;
}

export type TaskSignal = "delivered" | "gone";

/** Step Functions, as the use cases need it. */
export interface WorkflowControl {
  /** Starts an execution; a second start with the same name and input is not an error. */
  startExecution(
    workflowId: string,
    name: string,
    input: Record<string, unknown>,
  ): Promise<{ executionArn: string }>;
  /** Ends a paused task successfully; "gone" when the token already ended (a late signal). */
  sendTaskSuccess(token: string, output: Record<string, unknown>): Promise<TaskSignal>;
  /** Fails a paused task with an error name (an interrupt); "gone" when the token already ended. */
  sendTaskFailure(token: string, error: string, cause: string): Promise<TaskSignal>;
  /**
   * Resumes a failed execution at the state that failed (Step Functions RedriveExecution), with
   * the input that state had; "not-redrivable" when it did not fail (or can no longer be redriven).
   */
  redriveExecution(workflowId: string, name: string): Promise<"redriven" | "not-redrivable">;
}

export interface SlackNotifier {
  /** Posts to a channel named in settings.slack. */
  post(channel: string, text: string): Promise<void>;
}
