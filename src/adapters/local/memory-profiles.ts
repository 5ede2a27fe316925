/** The memory store's profiles: the profile with its stage history and consent, and the contact view. */
import type { EnrollmentStore, EventStore, ProfileStore } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import { rememberJsonSize, storedJsonSize } from "../../core/json-size";
import { applyPatch, contactPatchRules, splitPatch } from "../../core/patch";
import {
  LIST_INDEXES,
  LIST_SK,
  type ListRow,
  listAttributes,
  listContactsPage,
  listedOf,
} from "../single-table/contact-lists";
import { compareKeys, contactPk, STAGE_PREFIX, stageSk } from "../single-table/keys";
import { assertFits, type MemoryTables } from "./memory-tables";

/** The reads of other parts the contact view is made of. */
export interface ViewParts {
  events: Pick<EventStore, "listEvents">;
  enrollments: Pick<EnrollmentStore, "listEnrollments">;
}

export class MemoryProfiles implements ProfileStore {
  constructor(
    private readonly tables: MemoryTables,
    private readonly parts: ViewParts,
  ) {}

  readonly getContactView: ProfileStore["getContactView"] = async (id, window) => {
    const contact = await this.getContact(id);
    if (!contact) return undefined;
    return {
      contact,
      events: await this.parts.events.listEvents(id, window?.since, window?.limit),
      enrollments: await this.parts.enrollments.listEnrollments(id),
      sends: this.tables.sends.list(id, () => true),
    };
  };

  readonly getContact: ProfileStore["getContact"] = async (id) => {
    const entry = this.tables.contacts.get(id);
    // Every write replaces entry.contact (never changes it in place): its size is measured once.
    return entry && rememberJsonSize(copyWithoutUndefined(entry.contact), storedJsonSize(entry.contact));
  };

  readonly findContactByEmail: ProfileStore["findContactByEmail"] = async (email) => {
    const ids = [...(this.tables.byEmail.get(email.toLowerCase()) ?? [])];
    const first = ids.sort((a, b) => compareKeys(contactPk(a), contactPk(b)))[0];
    return first === undefined ? undefined : this.getContact(first);
  };

  /** As DynamoDB's list indexes hold them: each profile's list attributes, read newest first. */
  readonly listContacts: ProfileStore["listContacts"] = async (filter, page) =>
    listContactsPage(filter, page, async (index, partition, { before, count }) => {
      const rows: ListRow[] = [];
      for (const { contact, stageChangedAt } of this.tables.contacts.values()) {
        // The partition key is the contact's field of that name when it has one: most contacts are
        // passed over here, before their attributes are made.
        if (contact[index] !== partition) continue;
        const attributes = listAttributes(contact, stageChangedAt ?? contact.createdAt);
        const sk = attributes[LIST_SK]!;
        if (attributes[LIST_INDEXES[index].partitionKey] !== partition) continue;
        if (before !== undefined && compareKeys(sk, before) >= 0) continue;
        rows.push({ sk, contact: listedOf(contact) });
      }
      return rows.sort((a, b) => compareKeys(b.sk, a.sk)).slice(0, count);
    });

  readonly createContact: ProfileStore["createContact"] = async (contact) => {
    if (this.tables.contacts.has(contact.id)) return false;
    assertFits("the contact", contact);
    this.tables.contacts.set(contact.id, { contact: copyWithoutUndefined(contact) });
    indexEmail(this.tables, contact.id, contact.email);
    return true;
  };

  readonly updateContact: ProfileStore["updateContact"] = async (id, patch, at) => {
    const entry = this.tables.contacts.get(id);
    if (!entry) throw new Error(`contact ${id} not found`);
    const previousEmail = entry.contact.email;
    const next = { ...applyPatch(entry.contact, splitPatch(patch, contactPatchRules)), updatedAt: at };
    assertFits("the updated item", next);
    entry.contact = next;
    if (entry.contact.email !== previousEmail) {
      this.tables.byEmail.get(previousEmail.toLowerCase())?.delete(id);
      indexEmail(this.tables, id, entry.contact.email);
    }
  };

  readonly changeStage: ProfileStore["changeStage"] = async (change) => {
    const entry = this.tables.contacts.get(change.contactId);
    if (!entry) return false;
    const historySk = stageSk(change.at, change.to);
    const current: string | undefined = entry.contact.stage;
    if (current === change.from) {
      entry.contact = { ...entry.contact, stage: change.to };
      entry.lastStageChange = historySk;
      entry.stageChangedAt = change.at;
    } else if (current !== change.to || entry.lastStageChange !== historySk) {
      // Not a retry of this very change: the stage moved meanwhile.
      return false;
    }
    this.tables.stages.set(change.contactId, historySk, copyWithoutUndefined(change));
    return true;
  };

  readonly stageHistory: ProfileStore["stageHistory"] = async (contactId) =>
    this.tables.stages.list(contactId, (sk) => sk.startsWith(STAGE_PREFIX));

  readonly setConsent: ProfileStore["setConsent"] = async (contactId, consent) => {
    const entry = this.tables.contacts.get(contactId);
    if (!entry) throw new Error(`contact ${contactId} not found`);
    entry.contact = { ...entry.contact, consent: copyWithoutUndefined(consent) };
  };

  readonly withdrawConsent: ProfileStore["withdrawConsent"] = async (contactId, withdrawal) => {
    const entry = this.tables.contacts.get(contactId);
    if (!entry) return undefined;
    if (entry.contact.consent.status !== "unsubscribed")
      entry.contact = { ...entry.contact, consent: { status: "unsubscribed", ...withdrawal } };
    return copyWithoutUndefined(entry.contact.consent);
  };
}

function indexEmail(tables: MemoryTables, contactId: string, email: string): void {
  const key = email.toLowerCase();
  const ids = tables.byEmail.get(key) ?? new Set<string>();
  ids.add(contactId);
  tables.byEmail.set(key, ids);
}
