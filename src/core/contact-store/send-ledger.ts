/** The send ledger: one entry per (enrollment, email step), claimed before SES is called; and the reply keys of its emails. */
import type { ReplyRef, SendRecord, SendStatus } from "../model";
import type { SendPatch } from "../patch";

export interface SendLedger {
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
}
