/**
 * The ports the use cases talk through. src/adapters/aws implements them on DynamoDB, SES v2,
 * Step Functions and HTTPS; src/adapters/local on the local servers and in memory. Use cases
 * never import an SDK: they get these through constructor options. The ContactStore port, one
 * interface per concern, is in src/core/contact-store/ (re-exported here).
 */
export type {
  ContactStore,
  ContactView,
  CounterOptions,
  EventWindow,
  Expiry,
  OlderRecords,
  Page,
} from "./contact-store";

/** Time is a port: the local runtime runs a virtual clock, tests a fixed one. */
export interface Clock {
  now(): Date;
}

/** Unique ids for events, tasks and messages; seeded in simulations so runs are reproducible. */
export interface IdGenerator {
  next(prefix: string): string;
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
  /**
   * Starts the execution at `at` (ISO) instead of now: the first email of a drip enrolled outside
   * its send window (src/core/engine/enroll-contact.ts). Idempotent by name, like startExecution;
   * the enrollment's `startsAt` is the schedule of record, and the start itself goes through
   * `startScheduled` (src/core/engine/scheduled-starts.ts), so a start made early (a handoff) makes
   * the scheduled one a no-op.
   */
  scheduleStart(workflowId: string, name: string, input: Record<string, unknown>, at: string): Promise<void>;
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
