/**
 * The ports the use cases talk through. src/adapters/aws implements them on DynamoDB, SES v2,
 * Step Functions and HTTPS; src/adapters/local on the local servers and in memory. Use cases
 * never import an SDK: they get these through constructor options.
 */
import type {
  Contact,
  ContactRecords,
  EngagementEvent,
  Enrollment,
  EnrollmentStatus,
  RawMailRef,
  ReplyRef,
  RepTask,
  RepTaskStatus,
  SendRecord,
  SendStatus,
  StageChange,
  Suppression,
} from "./model";
import type { ContactPatch, EnrollmentPatch, SendPatch, TaskPatch } from "./patch";

/** Time is a port: the local runtime runs a virtual clock, tests a fixed one. */
export interface Clock {
  now(): Date;
}

/** Unique ids for events, tasks and messages; seeded in simulations so runs are reproducible. */
export interface IdGenerator {
  next(prefix: string): string;
}

/** A contact with its events (in time order, those of a window), enrollments and ledger. */
export interface ContactView {
  contact: Contact;
  events: EngagementEvent[];
  enrollments: Enrollment[];
  /** The contact's send-ledger entries. */
  sends: SendRecord[];
}

/** One page of a list: `cursor` asks for the next one, and is absent on the last. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** A window of time: what is remembered or counted in it is forgotten after `expiresAt`. */
export interface Expiry {
  now: Date;
  expiresAt: Date;
}

/**
 * Which of a contact's events a read returns: those at or after `since`, and of them only the
 * newest `limit` (none for 0), still in time order. What keeps a request's work bounded however
 * many events a contact has (docs/data-model.md, "Bounded reads").
 */
export interface EventWindow {
  since?: string;
  limit: number;
}

export interface CounterOptions {
  expiresAt?: Date;
}

export interface ContactStore {
  getContact(id: string): Promise<Contact | undefined>;
  /**
   * The contact, its enrollments, its ledger and its events (what every handler starts from): the
   * events in `window` when given, else all of them.
   */
  getContactView(id: string, window?: EventWindow): Promise<ContactView | undefined>;
  findContactByEmail(email: string): Promise<Contact | undefined>;
  /**
   * Creates the contact; false when one with that id exists already (nothing is overwritten).
   * Throws ItemTooLargeError for a contact over DynamoDB's 400 KB item limit (nothing is stored).
   */
  createContact(contact: Contact): Promise<boolean>;
  /** Updates profile fields (not stage or consent, which have their own methods). */
  updateContact(id: string, patch: ContactPatch, at: string): Promise<void>;
  /** Moves the stage if it is still `change.from` (optimistic); appends to the history. False if it moved meanwhile. */
  changeStage(change: StageChange): Promise<boolean>;
  stageHistory(contactId: string): Promise<StageChange[]>;
  setConsent(contactId: string, consent: Contact["consent"]): Promise<void>;
  /**
   * Withdraws consent (status `unsubscribed`) unless it is withdrawn already: the first time and
   * source stay. The consent that stands; undefined when there is no such contact.
   */
  withdrawConsent(
    contactId: string,
    withdrawal: { at: string; source: string },
  ): Promise<Contact["consent"] | undefined>;

  /** Stores an event once: false when an event with the same id (and time) was stored before. */
  recordEvent(event: EngagementEvent): Promise<boolean>;
  /**
   * Claims a caller's event id for a contact whatever the event's time (recordEvent alone tells
   * events apart by id and time): `at` of the first claim, which the event is recorded at, and
   * whether this call made the claim.
   */
  claimEventId(contactId: string, eventId: string, at: string): Promise<{ claimed: boolean; at: string }>;
  /** A contact's events in time order, optionally only those at or after `since`, and only the newest `limit`. */
  listEvents(contactId: string, since?: string, limit?: number): Promise<EngagementEvent[]>;

  /** Creates an enrollment; false when that (contact, workflow, seq) exists already. */
  createEnrollment(enrollment: Enrollment): Promise<boolean>;
  getEnrollment(contactId: string, enrollmentId: string): Promise<Enrollment | undefined>;
  listEnrollments(contactId: string, workflowId?: string): Promise<Enrollment[]>;
  /** Applies `patch` when the enrollment's status is one of `onlyIf` (default: any). False otherwise. */
  updateEnrollment(
    contactId: string,
    enrollmentId: string,
    patch: EnrollmentPatch,
    onlyIf?: EnrollmentStatus[],
  ): Promise<boolean>;
  /**
   * Enrollments in one status across all contacts (optionally of one workflow), oldest first, a
   * page at a time: the failed ones for an operator to redrive. Read from an index: may lag a write
   * by a moment. Throws InvalidCursorError for a cursor this list did not give out.
   */
  listEnrollmentsByStatus(
    status: EnrollmentStatus,
    page: { workflowId?: string; limit: number; cursor?: string },
  ): Promise<Page<Enrollment>>;
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
  completeSend(contactId: string, enrollmentId: string, stepId: string, patch: SendPatch): Promise<void>;
  /**
   * Applies `patch` while the entry's status is one of `onlyIf`; false otherwise, or when there is
   * no entry (nothing is created). Moves an entry on: claimed → uncertain, claimed or uncertain → sent.
   */
  updateSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    patch: SendPatch,
    onlyIf: SendStatus[],
  ): Promise<boolean>;
  /**
   * Uncertain entries across all contacts, oldest first, `limit` at a time; `next` (letters, digits,
   * `-` and `_`) is given as `after` for the page after, and is absent on the last page. Read from
   * an index: may lag a write by a moment.
   */
  listUncertainSends(page: {
    limit: number;
    after?: string;
  }): Promise<{ sends: SendRecord[]; next?: string }>;
  getSend(contactId: string, enrollmentId: string, stepId: string): Promise<SendRecord | undefined>;
  /**
   * Records the first click of link `tag` in an email (`clicks[tag]` of its ledger entry): true when
   * this is it; false when that link was clicked before (the first time stays) or there is no entry.
   */
  markClick(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    tag: string,
    at: string,
  ): Promise<boolean>;
  /** The ledger entry of the email with this SES message id. */
  findSendByMessageId(messageId: string): Promise<SendRecord | undefined>;

  /** Remembers which email a reply address's key belongs to (written before the send). */
  saveReplyKey(ref: ReplyRef): Promise<void>;
  findReplyKey(key: string): Promise<ReplyRef | undefined>;

  createTask(task: RepTask): Promise<boolean>;
  getTask(id: string): Promise<RepTask | undefined>;
  updateTask(id: string, patch: TaskPatch, onlyIf?: RepTaskStatus[]): Promise<boolean>;
  listTasks(owner: string, status?: RepTaskStatus): Promise<RepTask[]>;

  /**
   * An ever-increasing counter (round-robin assignment; with an expiry, the send pacer's and the
   * API keys' per-second counts, each second its own counter): the
   * value after adding 1. With `expiresAt` the counter may be deleted any time after that instant
   * (DynamoDB's TTL); until then it counts on.
   */
  increment(counter: string, options?: CounterOptions): Promise<number>;

  /**
   * Remembers `key` until `expiresAt` (a conditional put): false when it is remembered already and
   * has not expired at `now`. Request signatures, so a replay is refused.
   */
  rememberOnce(key: string, expiry: Expiry): Promise<boolean>;
  /** Remembers that a raw inbound message is the contact's, so erasure and export find its object. */
  recordRawMail(ref: RawMailRef): Promise<void>;
  /**
   * Everything kept about the contact; undefined when it has no profile. `written before
   * references` names tasks and reply keys kept from before the store referenced them from the
   * contact's partition (they are included when they are the contact's).
   */
  exportContact(
    contactId: string,
    writtenBeforeReferences?: OlderRecords,
  ): Promise<ContactRecords | undefined>;
  /**
   * Erases every record of the contact: tasks and reply keys (by their references, and the older
   * ones named), the whole partition, the profile last; the address's suppression is replaced by
   * one holding only its hash (reason "erased" when it was not suppressed). Idempotent: a run cut
   * short is finished by the next. False when nothing of the contact was found.
   */
  eraseContact(
    contactId: string,
    options: { at: string; writtenBeforeReferences?: OlderRecords },
  ): Promise<boolean>;
}

/** Ids of a contact's tasks and reply keys that may predate the references in its partition. */
export interface OlderRecords {
  taskIds: readonly string[];
  replyKeys: readonly string[];
}

/** The raw inbound messages the receipt rule stored (the inbound bucket), by SES message id. */
export interface RawMailArchive {
  /**
   * The raw message, or undefined when it is not (or no longer) kept; with `firstBytes`, only its
   * start (the headers of a reply), never the body behind it.
   */
  read(messageId: string, options?: { firstBytes?: number }): Promise<string | undefined>;
  /** Deletes the message; deleting one that is not kept is not an error. */
  delete(messageId: string): Promise<void>;
}

/** What one pass over a dead-letter queue saw. */
export interface DeadLetterScan {
  queue: string;
  scanned: number;
  /** Bodies of the messages that matched (deleted when the scan deleted them). */
  matched: string[];
  /** False when the pass stopped before the queue answered empty (its time or message budget). */
  complete: boolean;
}

/**
 * The dead-letter queues. SQS cannot be searched: a scan receives every visible message once,
 * then deletes the matching ones or lets them all go back.
 */
export interface DeadLetterQueues {
  scan(options: { matches: (body: string) => boolean; then: "delete" | "keep" }): Promise<DeadLetterScan[]>;
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
