/**
 * ContactStore on the single DynamoDB table of docs/data-model.md: single-item conditional writes
 * only (no transactions or streams), so it runs the same on AWS and on dynalite. Counters may carry
 * an expiry in the table's TTL attribute (dynalite keeps them: TTL only deletes garbage).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
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
} from "../../core/model";
import {
  applyPatch,
  contactPatchRules,
  enrollmentPatchRules,
  isEmptyPatch,
  sendPatchRules,
  taskPatchRules,
} from "../../core/patch";
import type {
  ContactStore,
  ContactView,
  CounterOptions,
  EventWindow,
  Expiry,
  OlderRecords,
  Page,
} from "../../core/ports";
import {
  contactItem,
  ENTITY,
  enrollmentItem,
  eventItem,
  fromItem,
  LAST_STAGE_CHANGE,
  rawMailItem,
  referenceItem,
  replyItem,
  sendGsiKeys,
  sendItem,
  splitItemPatch,
  stageItem,
  taskGsiKeys,
  taskItem,
} from "../single-table/items";
import {
  assertEnrollmentId,
  contactPk,
  counterKey,
  cursorSortKey,
  emailGsiPk,
  enrollmentGsiPk,
  enrollmentGsiSk,
  enrollmentKey,
  enrollmentPrefix,
  type ItemKey,
  MESSAGE_GSI_SK,
  messageGsiPk,
  ownerGsiPk,
  pageCursor,
  profileKey,
  replyKey,
  STAGE_PREFIX,
  sendKey,
  stageSk,
  taskKey,
  taskStatusPrefix,
  UNCERTAIN_GSI_PK,
} from "../single-table/keys";
import { markFirstClick, queryContactView, queryEvents, withdrawConsentOnce } from "./dynamodb-engagement";
import { Expressions } from "./dynamodb-expressions";
import { claimEventId, enrollmentsByStatus, rememberOnce } from "./dynamodb-guards";
import { eraseRecords, exportRecords, readSuppression, writeSuppression } from "./dynamodb-privacy";
import { DynamoDbTable, type KeyQuery } from "./dynamodb-table";
import { contactTableSchema } from "./table-schema";

export interface DynamoDbContactStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Days an event is kept: its item carries the time DynamoDB's TTL may delete it. Kept for ever without. */
  eventRetentionDays?: number;
}

/** How often updateTask re-reads after losing a race before giving up. */
const TASK_UPDATE_ATTEMPTS = 10;

export class DynamoDbContactStore implements ContactStore {
  private readonly table: DynamoDbTable;
  private readonly eventRetentionDays: number | undefined;

  constructor(options: DynamoDbContactStoreOptions) {
    this.table = new DynamoDbTable(options.client, options.tableName);
    this.eventRetentionDays = options.eventRetentionDays;
  }

  async getContactView(id: string, window?: EventWindow): Promise<ContactView | undefined> {
    return queryContactView(this.table, id, window);
  }

  async getContact(id: string): Promise<Contact | undefined> {
    return this.read<Contact>(profileKey(id));
  }

  async findContactByEmail(email: string): Promise<Contact | undefined> {
    return (await this.list<Contact>({ index: "GSI1", partition: emailGsiPk(email) }))[0];
  }

  async createContact(contact: Contact): Promise<boolean> {
    const expr = new Expressions();
    return this.table.put(contactItem(contact), { expr, text: expr.notExists("pk") });
  }

  async updateContact(
    id: string,
    patch: Partial<Omit<Contact, "id" | "stage" | "consent" | "createdAt">>,
    at: string,
  ): Promise<void> {
    const { set, remove } = splitItemPatch(patch, contactPatchRules);
    set.updatedAt = at;
    if (typeof set.email === "string") set.gsi1pk = emailGsiPk(set.email);
    const expr = new Expressions();
    const { ok } = await this.table.update(profileKey(id), expr, expr.update(set, remove), expr.exists("pk"));
    if (!ok) throw new Error(`contact ${id} not found`);
  }

  async changeStage(change: StageChange): Promise<boolean> {
    const key = profileKey(change.contactId);
    const historySk = stageSk(change.at, change.to);
    const expr = new Expressions();
    const from = change.from === undefined ? expr.notExists("stage") : expr.equals("stage", change.from);
    const update = expr.update({ stage: change.to, [LAST_STAGE_CHANGE]: historySk });
    const { ok } = await this.table.update(key, expr, update, `${expr.exists("pk")} AND ${from}`);
    if (!ok) {
      // A retry of this very change (crashed before its history row) finishes it; anything else lost.
      const profile = await this.table.get(key);
      if (profile?.stage !== change.to || profile[LAST_STAGE_CHANGE] !== historySk) return false;
    }
    await this.table.put(stageItem(change));
    return true;
  }

  async stageHistory(contactId: string): Promise<StageChange[]> {
    const query = { partition: contactPk(contactId), prefix: STAGE_PREFIX };
    return this.list<StageChange>(query);
  }

  async setConsent(contactId: string, consent: Contact["consent"]): Promise<void> {
    const expr = new Expressions();
    const update = expr.update({ consent: { ...consent } });
    const { ok } = await this.table.update(profileKey(contactId), expr, update, expr.exists("pk"));
    if (!ok) throw new Error(`contact ${contactId} not found`);
  }

  async withdrawConsent(
    contactId: string,
    withdrawal: { at: string; source: string },
  ): Promise<Contact["consent"] | undefined> {
    return withdrawConsentOnce(this.table, contactId, withdrawal);
  }

  async recordEvent(event: EngagementEvent): Promise<boolean> {
    const expr = new Expressions();
    return this.table.put(eventItem(event, this.eventRetentionDays), { expr, text: expr.notExists("sk") });
  }

  async claimEventId(
    contactId: string,
    eventId: string,
    at: string,
  ): Promise<{ claimed: boolean; at: string }> {
    return claimEventId(this.table, contactId, eventId, at);
  }

  async listEvents(contactId: string, since?: string, limit?: number): Promise<EngagementEvent[]> {
    return queryEvents(this.table, contactId, since, limit);
  }

  async createEnrollment(enrollment: Enrollment): Promise<boolean> {
    assertEnrollmentId(enrollment);
    const expr = new Expressions();
    return this.table.put(enrollmentItem(enrollment), { expr, text: expr.notExists("sk") });
  }

  async getEnrollment(contactId: string, id: string): Promise<Enrollment | undefined> {
    const found = enrollmentKey(contactId, id);
    return found && this.read<Enrollment>(found.key);
  }

  async listEnrollments(contactId: string, workflowId?: string): Promise<Enrollment[]> {
    const query = { partition: contactPk(contactId), prefix: enrollmentPrefix(workflowId) };
    return this.list<Enrollment>(query);
  }

  async listEnrollmentsByStatus(
    status: EnrollmentStatus,
    page: { workflowId?: string; limit: number; cursor?: string },
  ): Promise<Page<Enrollment>> {
    return enrollmentsByStatus(this.table, status, page);
  }

  async updateEnrollment(
    contactId: string,
    id: string,
    patch: Partial<Omit<Enrollment, "id" | "contactId" | "workflowId">>,
    onlyIf?: EnrollmentStatus[],
  ): Promise<boolean> {
    const found = enrollmentKey(contactId, id);
    if (!found || onlyIf?.length === 0) return false;
    const { key, workflowId } = found;
    const split = splitItemPatch(patch, enrollmentPatchRules);
    if (isEmptyPatch(split)) {
      const current = await this.read<Enrollment>(key);
      return current !== undefined && (onlyIf === undefined || onlyIf.includes(current.status));
    }
    const { set, remove } = split;
    if (typeof set.status === "string") set.gsi1pk = enrollmentGsiPk(set.status);
    if (typeof set.startedAt === "string") set.gsi1sk = enrollmentGsiSk(workflowId, set.startedAt);
    const expr = new Expressions();
    let condition = expr.exists("pk");
    if (onlyIf !== undefined) condition += ` AND ${expr.oneOf("status", onlyIf)}`;
    return (await this.table.update(key, expr, expr.update(set, remove), condition)).ok;
  }

  async clearPause(contactId: string, id: string, token: string): Promise<boolean> {
    const found = enrollmentKey(contactId, id);
    if (!found) return false;
    const expr = new Expressions();
    return (
      await this.table.update(found.key, expr, expr.update({}, ["pause"]), expr.equals("pause.token", token))
    ).ok;
  }

  async getSuppression(email: string): Promise<Suppression | undefined> {
    return readSuppression(this.table, email);
  }

  async suppress(suppression: Suppression): Promise<void> {
    await writeSuppression(this.table, suppression);
  }

  /** The reference in the contact's partition first: erasure then always finds the key. */
  async saveReplyKey(ref: ReplyRef): Promise<void> {
    await this.table.put(referenceItem({ contactId: ref.contactId, kind: "replyKey", id: ref.key }));
    await this.table.put(replyItem(ref));
  }

  async recordRawMail(ref: RawMailRef): Promise<void> {
    await this.table.put(rawMailItem(ref));
  }

  async exportContact(contactId: string, older?: OlderRecords): Promise<ContactRecords | undefined> {
    return exportRecords(this.table, contactId, older);
  }

  async eraseContact(
    contactId: string,
    options: { at: string; writtenBeforeReferences?: OlderRecords },
  ): Promise<boolean> {
    return eraseRecords(this.table, contactId, options);
  }

  async findReplyKey(key: string): Promise<ReplyRef | undefined> {
    return this.read<ReplyRef>(replyKey(key));
  }

  async claimSend(record: SendRecord): Promise<{ claimed: boolean; record: SendRecord }> {
    const item = sendItem(record);
    const expr = new Expressions();
    const free = `${expr.notExists("sk")} OR ${expr.equals("status", "released")}`;
    if (await this.table.put(item, { expr, text: free })) {
      return { claimed: true, record: fromItem<SendRecord>(item) };
    }
    const existing = await this.read<SendRecord>(
      sendKey(record.contactId, record.enrollmentId, record.stepId),
    );
    if (!existing) throw new Error(`send ledger entry ${record.enrollmentId}/${record.stepId} vanished`);
    return { claimed: false, record: existing };
  }

  async releaseSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    reason: string,
  ): Promise<boolean> {
    const expr = new Expressions();
    const update = expr.update({ status: "released", reason });
    const claimed = expr.equals("status", "claimed");
    return (await this.table.update(sendKey(contactId, enrollmentId, stepId), expr, update, claimed)).ok;
  }

  async completeSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    patch: Partial<SendRecord>,
  ): Promise<void> {
    const key = sendKey(contactId, enrollmentId, stepId);
    const split = splitItemPatch(patch, sendPatchRules);
    const { set, remove } = split;
    if (typeof set.messageId === "string") {
      Object.assign(set, { gsi1pk: messageGsiPk(set.messageId), gsi1sk: MESSAGE_GSI_SK });
    }
    if (remove.includes("messageId")) remove.push("gsi1pk", "gsi1sk");
    const expr = new Expressions();
    const found = isEmptyPatch(split)
      ? (await this.table.get(key)) !== undefined
      : (await this.table.update(key, expr, expr.update(set, remove), expr.exists("pk"))).ok;
    if (!found) throw new Error(`send ${enrollmentId}/${stepId} not found`);
  }

  async updateSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    patch: Partial<SendRecord>,
    onlyIf: SendStatus[],
  ): Promise<boolean> {
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
    const key = sendKey(contactId, enrollmentId, stepId);
    return (await this.table.update(key, expr, expr.update(set, remove), condition)).ok;
  }

  async listUncertainSends(page: { limit: number; after?: string }) {
    const after = page.after === undefined ? {} : { after: cursorSortKey(page.after) };
    const query = { index: "GSI1" as const, partition: UNCERTAIN_GSI_PK, ...after, limit: page.limit + 1 };
    const items = await this.table.query(query);
    const shown = items.slice(0, page.limit);
    const last = shown.at(-1);
    const next = items.length > page.limit && last ? { next: pageCursor(String(last.gsi1sk)) } : {};
    return { sends: shown.map((item) => fromItem<SendRecord>(item)), ...next };
  }

  async getSend(contactId: string, enrollmentId: string, stepId: string): Promise<SendRecord | undefined> {
    return this.read<SendRecord>(sendKey(contactId, enrollmentId, stepId));
  }

  async markClick(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    tag: string,
    at: string,
  ): Promise<boolean> {
    return markFirstClick(this.table, sendKey(contactId, enrollmentId, stepId), tag, at);
  }

  async findSendByMessageId(messageId: string): Promise<SendRecord | undefined> {
    return (await this.list<SendRecord>({ index: "GSI1", partition: messageGsiPk(messageId) }))[0];
  }

  /** The reference in the contact's partition first: erasure then always finds the task. */
  async createTask(task: RepTask): Promise<boolean> {
    await this.table.put(referenceItem({ contactId: task.contactId, kind: "task", id: task.id }));
    const expr = new Expressions();
    return this.table.put(taskItem(task), { expr, text: expr.notExists("pk") });
  }

  async getTask(id: string): Promise<RepTask | undefined> {
    return this.read<RepTask>(taskKey(id));
  }

  /**
   * GSI1's sort key is `<status>#<deadline>` and an update cannot concatenate: so read, then write
   * conditional on the status and deadline read (which also keeps `onlyIf` true); a lost race re-reads.
   * The owner index key follows the patch alone, never a value read.
   */
  async updateTask(id: string, patch: Partial<RepTask>, onlyIf?: RepTaskStatus[]): Promise<boolean> {
    const split = splitItemPatch(patch, taskPatchRules);
    const set: Record<string, unknown> = { ...split.set };
    const remove = [...split.remove];
    if (typeof set.owner === "string") set.gsi1pk = ownerGsiPk(set.owner);
    if (remove.includes("owner")) remove.push("gsi1pk");
    for (let attempt = 0; attempt < TASK_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.getTask(id);
      if (!current || (onlyIf !== undefined && !onlyIf.includes(current.status))) return false;
      if (isEmptyPatch(split)) return true;
      if ("status" in set || "deadline" in set) set.gsi1sk = taskGsiKeys(applyPatch(current, split)).gsi1sk;
      const expr = new Expressions();
      const update = expr.update(set, remove);
      const condition = `${expr.equals("status", current.status)} AND ${expr.equals("deadline", current.deadline)}`;
      if ((await this.table.update(taskKey(id), expr, update, condition)).ok) return true;
    }
    throw new Error(`task ${id}: too many concurrent updates`);
  }

  async listTasks(owner: string, status?: RepTaskStatus): Promise<RepTask[]> {
    const query = {
      index: "GSI1" as const,
      partition: ownerGsiPk(owner),
      ...(status === undefined ? {} : { prefix: taskStatusPrefix(status) }),
    };
    return this.list<RepTask>(query);
  }

  async increment(counter: string, options: CounterOptions = {}): Promise<number> {
    const expr = new Expressions();
    const expiry = options.expiresAt
      ? { [contactTableSchema.timeToLiveAttribute]: Math.ceil(options.expiresAt.getTime() / 1000) }
      : {};
    const update = expr.update({ [ENTITY]: "counter", ...expiry }, [], { n: 1 });
    const { attributes } = await this.table.update(counterKey(counter), expr, update, undefined, true);
    return Number(attributes?.n);
  }

  async rememberOnce(key: string, expiry: Expiry): Promise<boolean> {
    return rememberOnce(this.table, key, expiry);
  }

  private async read<T>(key: ItemKey): Promise<T | undefined> {
    const item = await this.table.get(key);
    return item && fromItem<T>(item);
  }

  private async list<T>(query: KeyQuery): Promise<T[]> {
    return (await this.table.query(query)).map((item) => fromItem<T>(item));
  }
}
