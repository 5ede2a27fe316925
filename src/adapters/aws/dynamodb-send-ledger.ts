/**
 * The store's send ledger on the single table (docs/data-model.md): an entry per (enrollment, email
 * step) in the contact's partition, found by SES message id (GSI1 `MSG#…`) and, while uncertain,
 * listed across contacts (GSI1 `SEND#uncertain`); and the reply keys of its emails.
 */
import type { SendLedger } from "../../core/contact-store";
import type { ReplyRef, SendRecord } from "../../core/model";
import { isEmptyPatch, sendPatchRules } from "../../core/patch";
import {
  fromItem,
  referenceItem,
  replyItem,
  sendGsiKeys,
  sendItem,
  splitItemPatch,
} from "../single-table/items";
import * as keys from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

export class DynamoDbSendLedger implements SendLedger {
  constructor(private readonly table: DynamoDbTable) {}

  readonly claimSend: SendLedger["claimSend"] = async (record) => {
    const item = sendItem(record);
    const expr = new Expressions();
    const free = `${expr.notExists("sk")} OR ${expr.equals("status", "released")}`;
    if (await this.table.put(item, { expr, text: free })) {
      return { claimed: true, record: fromItem<SendRecord>(item) };
    }
    const existing = await this.getSend(record.contactId, record.enrollmentId, record.stepId);
    if (!existing) throw new Error(`send ledger entry ${record.enrollmentId}/${record.stepId} vanished`);
    return { claimed: false, record: existing };
  };

  readonly releaseSend: SendLedger["releaseSend"] = async (contactId, enrollmentId, stepId, reason) => {
    const expr = new Expressions();
    const update = expr.update({ status: "released", reason });
    const condition = expr.equals("status", "claimed");
    return (
      await this.table.update(keys.sendKey(contactId, enrollmentId, stepId), { expr, update, condition })
    ).ok;
  };

  readonly completeSend: SendLedger["completeSend"] = async (contactId, enrollmentId, stepId, patch) => {
    const key = keys.sendKey(contactId, enrollmentId, stepId);
    const split = splitItemPatch(patch, sendPatchRules);
    const { set, remove } = split;
    if (typeof set.messageId === "string") {
      Object.assign(set, { gsi1pk: keys.messageGsiPk(set.messageId), gsi1sk: keys.MESSAGE_GSI_SK });
    }
    if (remove.includes("messageId")) remove.push("gsi1pk", "gsi1sk");
    const expr = new Expressions();
    const found = isEmptyPatch(split)
      ? (await this.table.get(key)) !== undefined
      : (
          await this.table.update(key, {
            expr,
            update: expr.update(set, remove),
            condition: expr.exists("pk"),
          })
        ).ok;
    if (!found) throw new Error(`send ${enrollmentId}/${stepId} not found`);
  };

  readonly updateSend: SendLedger["updateSend"] = async (contactId, enrollmentId, stepId, patch, onlyIf) => {
    const split = splitItemPatch(patch, sendPatchRules);
    if (isEmptyPatch(split)) {
      const current = await this.getSend(contactId, enrollmentId, stepId);
      return current !== undefined && onlyIf.includes(current.status);
    }
    if (onlyIf.length === 0) return false;
    const { set, remove } = split;
    Object.assign(set, sendGsiKeys({ contactId, enrollmentId, stepId, ...set }));
    const expr = new Expressions();
    const condition = `${expr.exists("pk")} AND ${expr.oneOf("status", onlyIf)}`;
    const key = keys.sendKey(contactId, enrollmentId, stepId);
    return (await this.table.update(key, { expr, update: expr.update(set, remove), condition })).ok;
  };

  readonly listUncertainSends: SendLedger["listUncertainSends"] = async (page) => {
    const after = page.after === undefined ? {} : { after: keys.cursorSortKey(page.after) };
    const query = {
      index: "GSI1" as const,
      partition: keys.UNCERTAIN_GSI_PK,
      ...after,
      limit: page.limit + 1,
    };
    const items = await this.table.query(query);
    const shown = items.slice(0, page.limit);
    const last = shown.at(-1);
    const next = items.length > page.limit && last ? { next: keys.pageCursor(String(last.gsi1sk)) } : {};
    return { sends: shown.map((item) => fromItem<SendRecord>(item)), ...next };
  };

  readonly getSend: SendLedger["getSend"] = async (contactId, enrollmentId, stepId) =>
    this.table.getRecord<SendRecord>(keys.sendKey(contactId, enrollmentId, stepId));

  readonly markClick: SendLedger["markClick"] = async (contactId, enrollmentId, stepId, tag, at) =>
    markFirstClick(this.table, keys.sendKey(contactId, enrollmentId, stepId), tag, at);

  readonly findSendByMessageId: SendLedger["findSendByMessageId"] = async (messageId) =>
    (
      await this.table.queryRecords<SendRecord>({ index: "GSI1", partition: keys.messageGsiPk(messageId) })
    )[0];

  /** The reference in the contact's partition first: erasure then always finds the key. */
  readonly saveReplyKey: SendLedger["saveReplyKey"] = async (ref) => {
    await this.table.put(referenceItem({ contactId: ref.contactId, kind: "replyKey", id: ref.key }));
    await this.table.put(replyItem(ref));
  };

  readonly findReplyKey: SendLedger["findReplyKey"] = async (key) =>
    this.table.getRecord<ReplyRef>(keys.replyKey(key));
}

/**
 * Sets `clicks.<tag>` of a ledger entry only while absent. An entry without `clicks` yet gets the
 * map on its first click (a nested path cannot be set inside a missing map); first clicks of two
 * links racing for that are tried once more, so neither is lost.
 */
async function markFirstClick(
  table: DynamoDbTable,
  key: keys.ItemKey,
  tag: string,
  at: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const expr = new Expressions();
    const entry = expr.entry("clicks", tag);
    const condition = `${expr.exists("clicks")} AND attribute_not_exists(${entry})`;
    if ((await table.update(key, { expr, update: `SET ${entry} = ${expr.value(at)}`, condition })).ok)
      return true;
    const create = new Expressions();
    const firstOfAll = `${create.exists("sk")} AND ${create.notExists("clicks")}`;
    const update = create.update({ clicks: { [tag]: at } });
    if ((await table.update(key, { expr: create, update, condition: firstOfAll })).ok) return true;
    const current = (await table.get(key)) as SendRecord | undefined;
    if (!current || (current.clicks && Object.hasOwn(current.clicks, tag))) return false;
  }
  return false;
}
