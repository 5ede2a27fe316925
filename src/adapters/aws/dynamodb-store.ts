/**
 * ContactStore on the single DynamoDB table of docs/data-model.md: single-item conditional writes
 * only (no transactions or streams), so it runs the same on AWS and on dynalite. Counters may carry
 * an expiry in the table's TTL attribute (dynalite keeps them: TTL only deletes garbage).
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type {
  Contact,
  EngagementEvent,
  Enrollment,
  EnrollmentStatus,
  ReplyRef,
  RepTask,
  RepTaskStatus,
  SendRecord,
  StageChange,
  Suppression,
} from "../../core/model";
import type { ContactStore, ContactView, CounterOptions } from "../../core/ports";
import { Expressions } from "./dynamodb-expressions";
import {
  applyPatch,
  contactItem,
  contactPatchRules,
  ENTITY,
  enrollmentItem,
  enrollmentPatchRules,
  eventItem,
  fromItem,
  isEmptyPatch,
  LAST_STAGE_CHANGE,
  replyItem,
  sendItem,
  sendPatchRules,
  splitPatch,
  stageItem,
  suppressionItem,
  taskGsiKeys,
  taskItem,
  taskPatchRules,
} from "./dynamodb-items";
import {
  assertEnrollmentId,
  contactPk,
  counterKey,
  EVENT_PREFIX,
  emailGsiPk,
  enrollmentGsiPk,
  enrollmentGsiSk,
  enrollmentKey,
  enrollmentPrefix,
  eventRange,
  type ItemKey,
  MESSAGE_GSI_SK,
  messageGsiPk,
  ownerGsiPk,
  profileKey,
  replyKey,
  STAGE_PREFIX,
  sendKey,
  stageSk,
  suppressionKey,
  taskKey,
  taskStatusPrefix,
} from "./dynamodb-keys";
import { DynamoDbTable, type KeyQuery } from "./dynamodb-table";
import { contactTableSchema } from "./table-schema";

export interface DynamoDbContactStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** How often updateTask re-reads after losing a race before giving up. */
const TASK_UPDATE_ATTEMPTS = 10;

export class DynamoDbContactStore implements ContactStore {
  private readonly table: DynamoDbTable;

  constructor(options: DynamoDbContactStoreOptions) {
    this.table = new DynamoDbTable(options.client, options.tableName);
  }

  async getContactView(id: string): Promise<ContactView | undefined> {
    const items = await this.table.query({ partition: contactPk(id) });
    const view: Partial<ContactView> & Pick<ContactView, "events" | "enrollments" | "sends"> = {
      events: [],
      enrollments: [],
      sends: [],
    };
    for (const item of items) {
      if (item[ENTITY] === "contact") view.contact = fromItem<Contact>(item);
      else if (item[ENTITY] === "event") view.events.push(fromItem<EngagementEvent>(item));
      else if (item[ENTITY] === "enrollment") view.enrollments.push(fromItem<Enrollment>(item));
      else if (item[ENTITY] === "send") view.sends.push(fromItem<SendRecord>(item));
    }
    return view.contact ? (view as ContactView) : undefined;
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
    const { set, remove } = splitPatch(patch, contactPatchRules);
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

  async recordEvent(event: EngagementEvent): Promise<boolean> {
    const expr = new Expressions();
    return this.table.put(eventItem(event), { expr, text: expr.notExists("sk") });
  }

  async listEvents(contactId: string, since?: string): Promise<EngagementEvent[]> {
    const query =
      since === undefined
        ? { partition: contactPk(contactId), prefix: EVENT_PREFIX }
        : { partition: contactPk(contactId), between: eventRange(since) };
    return this.list<EngagementEvent>(query);
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

  async listEnrollmentsByStatus(status: EnrollmentStatus, workflowId?: string): Promise<Enrollment[]> {
    return this.list<Enrollment>({
      index: "GSI1",
      partition: enrollmentGsiPk(status),
      ...(workflowId ? { prefix: `${workflowId}#` } : {}),
    });
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
    const split = splitPatch(patch, enrollmentPatchRules);
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
    return this.read<Suppression>(suppressionKey(email));
  }

  async suppress(suppression: Suppression): Promise<void> {
    const expr = new Expressions();
    await this.table.put(suppressionItem(suppression), { expr, text: expr.notExists("pk") });
  }

  async saveReplyKey(ref: ReplyRef): Promise<void> {
    await this.table.put(replyItem(ref));
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
    const split = splitPatch(patch, sendPatchRules);
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

  async getSend(contactId: string, enrollmentId: string, stepId: string): Promise<SendRecord | undefined> {
    return this.read<SendRecord>(sendKey(contactId, enrollmentId, stepId));
  }

  async findSendByMessageId(messageId: string): Promise<SendRecord | undefined> {
    return (await this.list<SendRecord>({ index: "GSI1", partition: messageGsiPk(messageId) }))[0];
  }

  async createTask(task: RepTask): Promise<boolean> {
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
    const split = splitPatch(patch, taskPatchRules);
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

  private async read<T>(key: ItemKey): Promise<T | undefined> {
    const item = await this.table.get(key);
    return item && fromItem<T>(item);
  }

  private async list<T>(query: KeyQuery): Promise<T[]> {
    return (await this.table.query(query)).map((item) => fromItem<T>(item));
  }
}
