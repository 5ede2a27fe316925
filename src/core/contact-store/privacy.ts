/** The suppression list, the references to raw inbound mail, and export and erasure of everything kept about a contact. */
import type { ContactRecords, RawMailRef, Suppression } from "../model";

/** Ids of a contact's tasks and reply keys that may predate the references in its partition. */
export interface OlderRecords {
  taskIds: readonly string[];
  replyKeys: readonly string[];
}

export interface PrivacyStore {
  getSuppression(email: string): Promise<Suppression | undefined>;
  /** Suppresses an address; the first reason recorded stays. */
  suppress(suppression: Suppression): Promise<void>;
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
