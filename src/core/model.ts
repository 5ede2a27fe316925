/**
 * The domain records Handoff keeps. Storage-agnostic: src/adapters maps them to DynamoDB items
 * (docs/data-model.md) or to memory. Times are ISO 8601 strings in UTC.
 */
import type { EnrollmentStatusName, Scalar } from "./language";

export type ConsentStatus = "subscribed" | "unsubscribed";

/**
 * Where an unsubscribe came from: the RFC 8058 one-click POST, the confirmation page's button, an
 * inbound reply asking for it, or the events API (a CRM's opt-out). Kept on the consent and the
 * email.unsubscribe event; the first one stays.
 */
export const UNSUBSCRIBE_SOURCES = ["one-click", "page", "reply", "api"] as const;
export type UnsubscribeSource = (typeof UNSUBSCRIBE_SOURCES)[number];

export interface Contact {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  company?: string;
  title?: string;
  timezone?: string;
  /** Owner id from settings.owners. */
  owner?: string;
  /**
   * The account the contact belongs to (campaign language, "Accounts"): its own `account` field,
   * else its email's domain unless that is a free-mail domain (src/core/accounts.ts). Kept on the
   * profile so contacts can be listed by account.
   */
  account?: string;
  /** The contact's lead score as last computed (after its latest event or stage change), for lists and accounts. */
  score?: number;
  attributes: Record<string, unknown>;
  stage: string;
  /** `source`: how consent was given ("enroll"…), or, once withdrawn, an UnsubscribeSource. */
  consent: { status: ConsentStatus; at: string; source: string };
  /** Mirrors the address's suppression (bounce, complaint, unsubscribe) so every step sees it in one read. */
  suppressed?: SuppressionReason;
  createdAt: string;
  updatedAt: string;
}

/** One move of a contact's lifecycle stage: who or what moved it, when and why. */
export interface StageChange {
  contactId: string;
  from?: string;
  to: string;
  at: string;
  /** "scoring", "workflow:<id>/<step>", "handoff:<id>", "api", "rep:<owner id>", "import". */
  by: string;
  reason: string;
}

/** An engagement event (email.open, page.view, meeting.booked…) as stored, deduplicated by `id`. */
export interface EngagementEvent {
  /** Stable id of the event: the same event delivered twice has the same id. */
  id: string;
  contactId: string;
  name: string;
  at: string;
  properties: Record<string, Scalar>;
  /** The enrollment, workflow and step the event belongs to, when it came from one of our emails. */
  enrollmentId?: string;
  workflowId?: string;
  stepId?: string;
  messageId?: string;
}

/**
 * active, then one ending: completed, handed-off, exited, stopped, converted (the workflow's goal
 * became true) or failed. The list lives with the language, where scenarios name the statuses.
 */
export type EnrollmentStatus = EnrollmentStatusName;

/** What a running enrollment is waiting on: the task token that ends the wait early. */
export interface Pause {
  token: string;
  stepId: string;
  /** settle: the open time after the last step, before the enrollment completes. */
  kind: "wait" | "waitFor" | "hold" | "task" | "settle";
  startedAt: string;
  deadline: string;
  /**
   * For a hold, or a window-aware wait: the epoch second the send pacer reserved for the email
   * after it. The email step, waking in that second, sends without taking another place
   * (src/core/engine/pacing.ts).
   */
  slot?: number;
  /**
   * For waitFor: the event (and properties) that completes the wait, and since when such an event
   * counts (when the step before the waitFor ended).
   */
  event?: { name: string; link?: string; where?: Record<string, Scalar>; since?: string };
}

export interface Enrollment {
  id: string;
  contactId: string;
  workflowId: string;
  kind: "campaign" | "sequence";
  /** Deployed version of the workflow's machine (a hash of its ASL). */
  version: string;
  /** Per-contact sequence number in this workflow: 1 for the first enrollment, 2 after a re-enrollment. */
  seq: number;
  status: EnrollmentStatus;
  reason?: string;
  currentStep?: string;
  pause?: Pause;
  startedAt: string;
  endedAt?: string;
  executionName: string;
  /**
   * Set while the execution is scheduled, not started: the first email's send window was closed at
   * enrollment, so the start waits for its opening. Cleared
   * when the execution starts.
   */
  startsAt?: string;
  /** The second reserved under the send rate for the first email of a scheduled start (epoch s). */
  startSlot?: number;
  /** Set when this enrollment was started by another one's handoff or onComplete. */
  source?: { enrollmentId: string; workflowId: string; why: "handoff" | "onComplete" | "rejected" };
}

/** erased: the contact was erased (GDPR Art. 17); its address stays suppressed, as a hash only. */
export type SuppressionReason = "unsubscribed" | "bounced" | "complained" | "erased";

/** An address Handoff must never email again (until a person lifts it). */
export interface Suppression {
  /** The address (for an erased contact's entry: the address asked about; the store holds only its hash). */
  email: string;
  contactId?: string;
  reason: SuppressionReason;
  at: string;
  detail: string;
  /** Set once the contact was erased: the entry then holds only the address's hash, reason and time. */
  erasedAt?: string;
}

export type SendStatus = "claimed" | "sent" | "skipped" | "released" | "uncertain";

/** The send ledger: one entry per (enrollment, step), claimed before the send, completed after. */
export interface SendRecord {
  contactId: string;
  enrollmentId: string;
  stepId: string;
  workflowId: string;
  /**
   * claimed: taken just before the SES call (the email may have gone); sent: SES accepted it;
   * skipped: never sent (consent withdrawn); released: SES refused it, so a retry may claim again;
   * uncertain: the SES call ended without an answer (a 5xx, a timeout, a crash), so the email may
   * or may not have gone: never sent again, settled as sent by an SES event with its tags, listed
   * for an operator until then.
   */
  status: SendStatus;
  claimedAt: string;
  sentAt?: string;
  messageId?: string;
  /** When the entry became uncertain (kept once settled). */
  uncertainAt?: string;
  /** Why an email was skipped (suppressed, consent withdrawn), released, or is uncertain (the error). */
  reason?: string;
  /** Link tags and their targets in the email, for the click redirect (no open redirect). */
  links?: Record<string, string>;
  /** When each link tag was first clicked (after the link-scanner window): a later click counts no more. */
  clicks?: Record<string, string>;
  /** Message-ID header, for threading later emails (replyTo). */
  headerMessageId?: string;
  subject?: string;
}

/** What a reply address's short key points at: the email a reply answers. */
export interface ReplyRef {
  key: string;
  contactId: string;
  enrollmentId: string;
  workflowId: string;
  stepId: string;
}

export type RepTaskStatus = "open" | "completed" | "timedOut" | "cancelled";

/** A to-do for a contact's owner: a sequence's task step, or (`accept`) a handed-off lead the SLA waits on (src/core/engine/sla.ts). */
export interface RepTask {
  id: string;
  contactId: string;
  owner?: string;
  enrollmentId: string;
  workflowId: string;
  stepId: string;
  task: "call" | "linkedin" | "manual" | "accept";
  title: string;
  notes?: string;
  status: RepTaskStatus;
  token: string;
  createdAt: string;
  deadline: string;
  completedAt?: string;
  /** When Slack was told of the task (a task step with `notify`). */
  notifiedAt?: string;
  /** The task's id in the task tracker (Asana's gid): set once, by `linkExternalTask`. */
  externalId?: string;
  /** Why the tracker last refused or failed to create it: the task waits to be created there (src/core/engine/tracked-tasks.ts). */
  trackerError?: string;
}

/** A raw inbound message (the inbound bucket's object, named by its SES message id) tied to a contact. */
export interface RawMailRef {
  contactId: string;
  messageId: string;
  at: string;
}

/** Everything the store keeps about one contact: what an export returns and erasure removes. */
export interface ContactRecords {
  contact: Contact;
  stageHistory: StageChange[];
  events: EngagementEvent[];
  enrollments: Enrollment[];
  sends: SendRecord[];
  tasks: RepTask[];
  replyKeys: ReplyRef[];
  rawMail: RawMailRef[];
  /** The suppression of the contact's address, if any. */
  suppression?: Suppression;
}
