/** The memory store's send ledger, its message-id and uncertain-entry indexes, and the reply keys of its emails. */
import type { SendLedger } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import type { SendRecord } from "../../core/model";
import { applyPatch, sendPatchRules, splitPatch } from "../../core/patch";
import { compareKeys, cursorSortKey, pageCursor, sendSk, uncertainGsiSk } from "../single-table/keys";
import type { MemoryTables } from "./memory-tables";

export class MemorySendLedger implements SendLedger {
  constructor(private readonly tables: MemoryTables) {}

  readonly claimSend: SendLedger["claimSend"] = async (record) => {
    const sk = sendSk(record.enrollmentId, record.stepId);
    const existing = this.tables.sends.get(record.contactId, sk);
    if (existing && existing.status !== "released")
      return { claimed: false, record: copyWithoutUndefined(existing) };
    this.tables.sends.set(record.contactId, sk, copyWithoutUndefined(record));
    if (record.messageId !== undefined)
      this.tables.byMessageId.set(record.messageId, { contactId: record.contactId, sk });
    return { claimed: true, record: copyWithoutUndefined(record) };
  };

  readonly releaseSend: SendLedger["releaseSend"] = async (contactId, enrollmentId, stepId, reason) =>
    this.#change(contactId, enrollmentId, stepId, (entry) =>
      entry.status === "claimed" ? { ...entry, status: "released", reason } : undefined,
    );

  readonly completeSend: SendLedger["completeSend"] = async (contactId, enrollmentId, stepId, patch) => {
    const patched = (entry: SendRecord) => applyPatch(entry, splitPatch(patch, sendPatchRules));
    if (!this.#change(contactId, enrollmentId, stepId, patched))
      throw new Error(`send ${enrollmentId}/${stepId} not found`);
  };

  readonly updateSend: SendLedger["updateSend"] = async (contactId, enrollmentId, stepId, patch, onlyIf) =>
    this.#change(contactId, enrollmentId, stepId, (entry) =>
      onlyIf.includes(entry.status) ? applyPatch(entry, splitPatch(patch, sendPatchRules)) : undefined,
    );

  readonly listUncertainSends: SendLedger["listUncertainSends"] = async (page) => {
    const after = page.after === undefined ? undefined : cursorSortKey(page.after);
    const rows = this.tables.sends
      .everywhere()
      .filter(
        (send) =>
          send.status === "uncertain" && send.messageId === undefined && send.uncertainAt !== undefined,
      )
      .map((send) => ({
        send,
        key: uncertainGsiSk(send.uncertainAt!, send.contactId, send.enrollmentId, send.stepId),
      }))
      .filter(({ key }) => after === undefined || compareKeys(key, after) > 0)
      .sort((a, b) => compareKeys(a.key, b.key));
    const shown = rows.slice(0, page.limit);
    const next = rows.length > page.limit ? { next: pageCursor(shown.at(-1)!.key) } : {};
    return { sends: shown.map(({ send }) => copyWithoutUndefined(send)), ...next };
  };

  readonly getSend: SendLedger["getSend"] = async (contactId, enrollmentId, stepId) => {
    const record = this.tables.sends.get(contactId, sendSk(enrollmentId, stepId));
    return record && copyWithoutUndefined(record);
  };

  readonly markClick: SendLedger["markClick"] = async (contactId, enrollmentId, stepId, tag, at) =>
    this.#change(contactId, enrollmentId, stepId, (entry) =>
      entry.clicks && Object.hasOwn(entry.clicks, tag)
        ? undefined
        : { ...entry, clicks: { ...entry.clicks, [tag]: at } },
    );

  readonly findSendByMessageId: SendLedger["findSendByMessageId"] = async (messageId) => {
    const ref = this.tables.byMessageId.get(messageId);
    const record = ref && this.tables.sends.get(ref.contactId, ref.sk);
    return record?.messageId === messageId ? copyWithoutUndefined(record) : undefined;
  };

  readonly saveReplyKey: SendLedger["saveReplyKey"] = async (ref) => {
    this.tables.replies.set(ref.key, copyWithoutUndefined(ref));
  };

  readonly findReplyKey: SendLedger["findReplyKey"] = async (key) => {
    const ref = this.tables.replies.get(key);
    return ref && copyWithoutUndefined(ref);
  };

  /**
   * Replaces the entry with what `change` makes of it, the message index following (as DynamoDB's
   * follows the item): false when there is no entry, or `change` makes nothing of it.
   */
  #change(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    change: (entry: SendRecord) => SendRecord | undefined,
  ): boolean {
    const sk = sendSk(enrollmentId, stepId);
    const existing = this.tables.sends.get(contactId, sk);
    const next = existing && change(existing);
    if (!next) return false;
    this.tables.sends.set(contactId, sk, next);
    if (next.messageId !== undefined) this.tables.byMessageId.set(next.messageId, { contactId, sk });
    return true;
  }
}
