/** The contact's profile: who it is, its stage and its consent; and the view every handler starts from. */
import type { Contact, EngagementEvent, Enrollment, SendRecord, StageChange } from "../model";
import type { ContactPatch } from "../patch";
import type { Page } from "./enrollments";
import type { EventWindow } from "./events";

/** What a contact list shows of each contact (the list indexes project exactly these fields). */
export type ListedContact = Pick<
  Contact,
  "id" | "email" | "firstName" | "lastName" | "stage" | "score" | "owner" | "account"
>;

/**
 * Which contacts a list holds: those in any of `stages` (when given), of `owner` and of `account`
 * (when given). At least one is given: there is no list of every contact at once.
 */
export interface ContactFilter {
  stages?: readonly string[];
  owner?: string;
  account?: string;
}

/** A contact with its events (in time order, those of a window), enrollments and ledger. */
export interface ContactView {
  contact: Contact;
  events: EngagementEvent[];
  enrollments: Enrollment[];
  /** The contact's send-ledger entries. */
  sends: SendRecord[];
}

export interface ProfileStore {
  getContact(id: string): Promise<Contact | undefined>;
  /**
   * The contact, its enrollments, its ledger and its events (what every handler starts from): the
   * events in `window` when given, else all of them.
   */
  getContactView(id: string, window?: EventWindow): Promise<ContactView | undefined>;
  findContactByEmail(email: string): Promise<Contact | undefined>;
  /**
   * A page of the contacts `filter` holds, newest stage change first, read from the list indexes
   * (docs/data-model.md, "Contact lists"): bounded, so a page may hold fewer than `limit` contacts
   * (even none) and still give a `cursor`; the list ends when no cursor is given. May lag a write
   * by a moment. Throws InvalidCursorError for a cursor this list (this filter) did not give out.
   */
  listContacts(filter: ContactFilter, page: { limit: number; cursor?: string }): Promise<Page<ListedContact>>;
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
}
