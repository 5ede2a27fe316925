/**
 * The store's profiles on the single table (docs/data-model.md): the profile item, its stage
 * history and consent, and the contact view read in three queries at once.
 */

import type { ListedContact, ProfileStore } from "../../core/contact-store";
import type { Contact, Enrollment, SendRecord, StageChange } from "../../core/model";
import { contactPatchRules } from "../../core/patch";
import {
  LIST_INDEXES,
  LIST_SK,
  type ListIndex,
  listContactsPage,
  listSortKey,
} from "../single-table/contact-lists";
import {
  contactItem,
  ENTITY,
  fromItem,
  LAST_STAGE_CHANGE,
  splitItemPatch,
  stageItem,
} from "../single-table/items";
import * as keys from "../single-table/keys";
import { queryEvents } from "./dynamodb-events";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

export class DynamoDbProfiles implements ProfileStore {
  constructor(private readonly table: DynamoDbTable) {}

  /** Three queries at once: profile and ledger, enrollments, and the events in the window. */
  readonly getContactView: ProfileStore["getContactView"] = async (contactId, window) => {
    const partition = keys.contactPk(contactId);
    const [head, enrollments, events] = await Promise.all([
      this.table.query({ partition, between: keys.PROFILE_AND_LEDGER }),
      this.table.query({ partition, prefix: keys.ENROLLMENT_PREFIX }),
      queryEvents(this.table, contactId, window?.since, window?.limit),
    ]);
    const profile = head.find((item) => item[ENTITY] === "contact");
    if (!profile) return undefined;
    return {
      contact: fromItem<Contact>(profile),
      events,
      enrollments: enrollments.map((item) => fromItem<Enrollment>(item)),
      sends: head.filter((item) => item[ENTITY] === "send").map((item) => fromItem<SendRecord>(item)),
    };
  };

  readonly getContact: ProfileStore["getContact"] = async (id) =>
    this.table.getRecord<Contact>(keys.profileKey(id));

  readonly findContactByEmail: ProfileStore["findContactByEmail"] = async (email) =>
    (await this.table.queryRecords<Contact>({ index: "GSI1", partition: keys.emailGsiPk(email) }))[0];

  readonly listContacts: ProfileStore["listContacts"] = async (filter, page) =>
    listContactsPage(filter, page, async (index, partition, { before, count }) => {
      const query = { index: LIST_INDEXES[index].indexName, partition, ...(before ? { before } : {}) };
      const items = await this.table.query(query, { order: "descending", limit: count });
      return items.map((item) => ({ sk: String(item[LIST_SK]), contact: fromItem<ListedContact>(item) }));
    });

  readonly createContact: ProfileStore["createContact"] = async (contact) => {
    const expr = new Expressions();
    return this.table.put(contactItem(contact), { expr, text: expr.notExists("pk") });
  };

  readonly updateContact: ProfileStore["updateContact"] = async (id, patch, at) => {
    const { set, remove } = splitItemPatch(patch, contactPatchRules);
    set.updatedAt = at;
    if (typeof set.email === "string") set.gsi1pk = keys.emailGsiPk(set.email);
    // The owner and account lists follow the patch: listed under the new value, unlisted when removed.
    for (const field of ["owner", "account"] as const satisfies ListIndex[]) {
      const indexKey = LIST_INDEXES[field].partitionKey;
      if (typeof set[field] === "string" && set[field] !== "") set[indexKey] = set[field];
      else if (field in set || remove.includes(field)) remove.push(indexKey);
    }
    const expr = new Expressions();
    const update = expr.update(set, remove);
    const { ok } = await this.table.update(keys.profileKey(id), {
      expr,
      update,
      condition: expr.exists("pk"),
    });
    if (!ok) throw new Error(`contact ${id} not found`);
  };

  readonly changeStage: ProfileStore["changeStage"] = async (change) => {
    const key = keys.profileKey(change.contactId);
    const historySk = keys.stageSk(change.at, change.to);
    const expr = new Expressions();
    const from = change.from === undefined ? expr.notExists("stage") : expr.equals("stage", change.from);
    const update = expr.update({
      stage: change.to,
      [LAST_STAGE_CHANGE]: historySk,
      // The stage list: under the new stage, as its newest change.
      [LIST_INDEXES.stage.partitionKey]: change.to,
      [LIST_SK]: listSortKey(change.at, change.contactId),
    });
    const { ok } = await this.table.update(key, {
      expr,
      update,
      condition: `${expr.exists("pk")} AND ${from}`,
    });
    if (!ok) {
      // A retry of this very change (crashed before its history row) finishes it; anything else lost.
      const profile = await this.table.get(key);
      if (profile?.stage !== change.to || profile[LAST_STAGE_CHANGE] !== historySk) return false;
    }
    await this.table.put(stageItem(change));
    return true;
  };

  readonly stageHistory: ProfileStore["stageHistory"] = async (contactId) =>
    this.table.queryRecords<StageChange>({ partition: keys.contactPk(contactId), prefix: keys.STAGE_PREFIX });

  readonly setConsent: ProfileStore["setConsent"] = async (contactId, consent) => {
    const expr = new Expressions();
    const update = expr.update({ consent: { ...consent } });
    const { ok } = await this.table.update(keys.profileKey(contactId), {
      expr,
      update,
      condition: expr.exists("pk"),
    });
    if (!ok) throw new Error(`contact ${contactId} not found`);
  };

  /** Withdraws consent on condition it is not withdrawn yet; else reads the consent that stands. */
  readonly withdrawConsent: ProfileStore["withdrawConsent"] = async (contactId, withdrawal) => {
    const expr = new Expressions();
    const update = expr.update({ consent: { status: "unsubscribed", ...withdrawal } });
    const stillGiven = `${expr.exists("pk")} AND NOT ${expr.equals("consent.status", "unsubscribed")}`;
    const change = { expr, update, condition: stillGiven, returnNewValues: true };
    const { ok, attributes } = await this.table.update(keys.profileKey(contactId), change);
    if (ok) return attributes?.consent as Contact["consent"];
    return ((await this.table.get(keys.profileKey(contactId))) as Contact | undefined)?.consent;
  };
}
