/**
 * ContactStore in memory, for simulations: the same observable behaviour as the DynamoDB store
 * (same keys and orders, same conditions, same patch rules), each method atomic. Records are
 * deep-copied in and out, so callers cannot change what is stored.
 */

import { copyWithoutUndefined } from "../../core/deep-copy";
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
  splitPatch,
  taskPatchRules,
} from "../../core/patch";
import type {
  Clock,
  ContactStore,
  ContactView,
  CounterOptions,
  EventWindow,
  Expiry,
  OlderRecords,
  Page,
} from "../../core/ports";
import {
  addressHash,
  assertEnrollmentId,
  compareKeys,
  contactPk,
  cursorSortKey,
  enrollmentPrefix,
  enrollmentSk,
  eventRange,
  eventSk,
  pageCursor,
  parseEnrollmentId,
  referenceSk,
  STAGE_PREFIX,
  sendSk,
  stageSk,
  taskGsiSk,
  taskStatusPrefix,
  uncertainGsiSk,
} from "../single-table/keys";
import { MemoryCounters } from "./memory-counters";
import { assertFits, MemoryGuards, pageByStatus } from "./memory-guards";
import { Partitions } from "./memory-partitions";

const startsWith = (prefix: string) => (sk: string) => sk.startsWith(prefix);

export class MemoryContactStore implements ContactStore {
  /** `clock`: what counters' expiries are measured against; without one, nothing expires. */
  constructor(options: { clock?: Clock } = {}) {
    this.counters = new MemoryCounters(options.clock);
  }

  private readonly contacts = new Map<string, { contact: Contact; lastStageChange?: string }>();
  private readonly byEmail = new Map<string, Set<string>>();
  private readonly stages = new Partitions<StageChange>();
  private readonly events = new Partitions<EngagementEvent>();
  private readonly enrollments = new Partitions<Enrollment>();
  private readonly sends = new Partitions<SendRecord>();
  private readonly byMessageId = new Map<string, { contactId: string; sk: string }>();
  private readonly suppressions = new Map<string, Suppression>();
  /** Erased contacts' suppressions, by the address's hash: reason and times only. */
  private readonly hashedSuppressions = new Map<string, Pick<Suppression, "reason" | "at" | "erasedAt">>();
  private readonly rawMail = new Partitions<RawMailRef>();
  private readonly tasks = new Map<string, RepTask>();
  private readonly counters: MemoryCounters;
  private readonly replies = new Map<string, ReplyRef>();
  private readonly guards = new MemoryGuards();

  async saveReplyKey(ref: ReplyRef): Promise<void> {
    this.replies.set(ref.key, copyWithoutUndefined(ref));
  }

  async findReplyKey(key: string): Promise<ReplyRef | undefined> {
    const ref = this.replies.get(key);
    return ref && copyWithoutUndefined(ref);
  }

  async getContactView(id: string, window?: EventWindow): Promise<ContactView | undefined> {
    const contact = await this.getContact(id);
    if (!contact) return undefined;
    return {
      contact,
      events: await this.listEvents(id, window?.since, window?.limit),
      enrollments: await this.listEnrollments(id),
      sends: this.sends.list(id, () => true),
    };
  }

  async getContact(id: string): Promise<Contact | undefined> {
    const entry = this.contacts.get(id);
    return entry && copyWithoutUndefined(entry.contact);
  }

  async findContactByEmail(email: string): Promise<Contact | undefined> {
    const ids = [...(this.byEmail.get(email.toLowerCase()) ?? [])];
    const first = ids.sort((a, b) => compareKeys(contactPk(a), contactPk(b)))[0];
    return first === undefined ? undefined : this.getContact(first);
  }

  async createContact(contact: Contact): Promise<boolean> {
    if (this.contacts.has(contact.id)) return false;
    assertFits("the contact", contact);
    this.contacts.set(contact.id, { contact: copyWithoutUndefined(contact) });
    this.indexEmail(contact.id, contact.email);
    return true;
  }

  async updateContact(
    id: string,
    patch: Partial<Omit<Contact, "id" | "stage" | "consent" | "createdAt">>,
    at: string,
  ): Promise<void> {
    const entry = this.contacts.get(id);
    if (!entry) throw new Error(`contact ${id} not found`);
    const previousEmail = entry.contact.email;
    const next = { ...applyPatch(entry.contact, splitPatch(patch, contactPatchRules)), updatedAt: at };
    assertFits("the updated item", next);
    entry.contact = next;
    if (entry.contact.email !== previousEmail) {
      this.byEmail.get(previousEmail.toLowerCase())?.delete(id);
      this.indexEmail(id, entry.contact.email);
    }
  }

  async changeStage(change: StageChange): Promise<boolean> {
    const entry = this.contacts.get(change.contactId);
    if (!entry) return false;
    const historySk = stageSk(change.at, change.to);
    const current: string | undefined = entry.contact.stage;
    if (current === change.from) {
      entry.contact = { ...entry.contact, stage: change.to };
      entry.lastStageChange = historySk;
    } else if (current !== change.to || entry.lastStageChange !== historySk) {
      // Not a retry of this very change: the stage moved meanwhile.
      return false;
    }
    this.stages.set(change.contactId, historySk, copyWithoutUndefined(change));
    return true;
  }

  async stageHistory(contactId: string): Promise<StageChange[]> {
    return this.stages.list(contactId, startsWith(STAGE_PREFIX));
  }

  async setConsent(contactId: string, consent: Contact["consent"]): Promise<void> {
    const entry = this.contacts.get(contactId);
    if (!entry) throw new Error(`contact ${contactId} not found`);
    entry.contact = { ...entry.contact, consent: copyWithoutUndefined(consent) };
  }

  async withdrawConsent(
    contactId: string,
    withdrawal: { at: string; source: string },
  ): Promise<Contact["consent"] | undefined> {
    const entry = this.contacts.get(contactId);
    if (!entry) return undefined;
    if (entry.contact.consent.status !== "unsubscribed")
      entry.contact = { ...entry.contact, consent: { status: "unsubscribed", ...withdrawal } };
    return copyWithoutUndefined(entry.contact.consent);
  }

  async recordEvent(event: EngagementEvent): Promise<boolean> {
    const sk = eventSk(event.at, event.id);
    if (this.events.get(event.contactId, sk)) return false;
    this.events.set(event.contactId, sk, copyWithoutUndefined(event));
    return true;
  }

  async claimEventId(
    contactId: string,
    eventId: string,
    at: string,
  ): Promise<{ claimed: boolean; at: string }> {
    return this.guards.claimEventId(contactId, eventId, at);
  }

  async listEvents(contactId: string, since?: string, limit?: number): Promise<EngagementEvent[]> {
    const { from, to } = eventRange(since);
    const events = this.events.list(
      contactId,
      (sk) => compareKeys(sk, from) >= 0 && compareKeys(sk, to) <= 0,
    );
    return limit === undefined ? events : events.slice(Math.max(0, events.length - limit));
  }

  async createEnrollment(enrollment: Enrollment): Promise<boolean> {
    assertEnrollmentId(enrollment);
    const sk = enrollmentSk(enrollment.workflowId, enrollment.seq);
    if (this.enrollments.get(enrollment.contactId, sk)) return false;
    this.enrollments.set(enrollment.contactId, sk, copyWithoutUndefined(enrollment));
    return true;
  }

  async getEnrollment(contactId: string, id: string): Promise<Enrollment | undefined> {
    const found = this.findEnrollment(contactId, id);
    return found && copyWithoutUndefined(found.enrollment);
  }

  async listEnrollments(contactId: string, workflowId?: string): Promise<Enrollment[]> {
    return this.enrollments.list(contactId, startsWith(enrollmentPrefix(workflowId)));
  }

  async listEnrollmentsByStatus(
    status: EnrollmentStatus,
    page: { workflowId?: string; limit: number; cursor?: string },
  ): Promise<Page<Enrollment>> {
    const { items, cursor } = pageByStatus(this.enrollments.everywhere(), status, page);
    return { items: items.map((e) => copyWithoutUndefined(e)), ...(cursor ? { cursor } : {}) };
  }

  async updateEnrollment(
    contactId: string,
    id: string,
    patch: Partial<Omit<Enrollment, "id" | "contactId" | "workflowId">>,
    onlyIf?: EnrollmentStatus[],
  ): Promise<boolean> {
    const found = this.findEnrollment(contactId, id);
    if (!found || (onlyIf !== undefined && !onlyIf.includes(found.enrollment.status))) return false;
    const next = applyPatch(found.enrollment, splitPatch(patch, enrollmentPatchRules));
    this.enrollments.set(contactId, found.sk, next);
    return true;
  }

  async clearPause(contactId: string, id: string, token: string): Promise<boolean> {
    const found = this.findEnrollment(contactId, id);
    if (!found || found.enrollment.pause?.token !== token) return false;
    const { pause: _cleared, ...rest } = found.enrollment;
    this.enrollments.set(contactId, found.sk, rest);
    return true;
  }

  async getSuppression(email: string): Promise<Suppression | undefined> {
    const hashed = this.hashedSuppressions.get(addressHash(email));
    if (hashed) return { email, detail: "", ...copyWithoutUndefined(hashed) };
    const suppression = this.suppressions.get(email.toLowerCase());
    return suppression && copyWithoutUndefined(suppression);
  }

  async suppress(suppression: Suppression): Promise<void> {
    const key = suppression.email.toLowerCase();
    if (this.hashedSuppressions.has(addressHash(key))) return;
    if (!this.suppressions.has(key)) this.suppressions.set(key, copyWithoutUndefined(suppression));
  }

  async recordRawMail(ref: RawMailRef): Promise<void> {
    this.rawMail.set(ref.contactId, referenceSk("rawMail", ref.messageId), copyWithoutUndefined(ref));
  }

  /** The tasks and reply keys outside the partition: found by their contact (references are implicit here). */
  private outside(contactId: string) {
    const tasks = [...this.tasks.values()].filter((t) => t.contactId === contactId);
    const replyKeys = [...this.replies.values()].filter((r) => r.contactId === contactId);
    const byKey =
      <T>(key: (x: T) => string) =>
      (a: T, b: T) =>
        compareKeys(key(a), key(b));
    return {
      tasks: tasks.sort(byKey((t) => t.id)).map((t) => copyWithoutUndefined(t)),
      replyKeys: replyKeys.sort(byKey((r) => r.key)).map((r) => copyWithoutUndefined(r)),
    };
  }

  async exportContact(contactId: string, _older?: OlderRecords): Promise<ContactRecords | undefined> {
    const view = await this.getContactView(contactId);
    if (!view) return undefined;
    const suppression = await this.getSuppression(view.contact.email);
    return {
      contact: view.contact,
      stageHistory: await this.stageHistory(contactId),
      events: view.events,
      enrollments: view.enrollments,
      sends: view.sends,
      ...this.outside(contactId),
      rawMail: this.rawMail.list(contactId, () => true),
      ...(suppression ? { suppression } : {}),
    };
  }

  async eraseContact(contactId: string, options: { at: string }): Promise<boolean> {
    const entry = this.contacts.get(contactId);
    if (entry) {
      const email = entry.contact.email.toLowerCase();
      const hash = addressHash(email);
      const live = this.suppressions.get(email);
      if (!this.hashedSuppressions.has(hash))
        this.hashedSuppressions.set(hash, {
          reason: live?.reason ?? "erased",
          at: live?.at ?? options.at,
          erasedAt: options.at,
        });
      this.suppressions.delete(email);
      const ids = this.byEmail.get(email);
      ids?.delete(contactId);
      if (ids?.size === 0) this.byEmail.delete(email);
      this.contacts.delete(contactId);
    }
    const { tasks, replyKeys } = this.outside(contactId);
    for (const task of tasks) this.tasks.delete(task.id);
    for (const ref of replyKeys) this.replies.delete(ref.key);
    const sends = this.sends.drop(contactId);
    for (const send of sends) if (send.messageId !== undefined) this.byMessageId.delete(send.messageId);
    const dropped = [this.stages, this.events, this.enrollments, this.rawMail].map(
      (rows: Partitions<unknown>) => rows.drop(contactId).length,
    );
    dropped.push(sends.length, this.guards.forgetEventIds(contactId));
    return entry !== undefined || tasks.length + replyKeys.length + dropped.reduce((a, b) => a + b, 0) > 0;
  }

  async claimSend(record: SendRecord): Promise<{ claimed: boolean; record: SendRecord }> {
    const sk = sendSk(record.enrollmentId, record.stepId);
    const existing = this.sends.get(record.contactId, sk);
    if (existing && existing.status !== "released")
      return { claimed: false, record: copyWithoutUndefined(existing) };
    this.sends.set(record.contactId, sk, copyWithoutUndefined(record));
    if (record.messageId !== undefined)
      this.byMessageId.set(record.messageId, { contactId: record.contactId, sk });
    return { claimed: true, record: copyWithoutUndefined(record) };
  }

  async releaseSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    reason: string,
  ): Promise<boolean> {
    const sk = sendSk(enrollmentId, stepId);
    const existing = this.sends.get(contactId, sk);
    if (existing?.status !== "claimed") return false;
    this.sends.set(contactId, sk, { ...existing, status: "released", reason });
    return true;
  }

  async completeSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    patch: Partial<SendRecord>,
  ): Promise<void> {
    const sk = sendSk(enrollmentId, stepId);
    const existing = this.sends.get(contactId, sk);
    if (!existing) throw new Error(`send ${enrollmentId}/${stepId} not found`);
    const next = applyPatch(existing, splitPatch(patch, sendPatchRules));
    this.sends.set(contactId, sk, next);
    if (next.messageId !== undefined) this.byMessageId.set(next.messageId, { contactId, sk });
  }

  async updateSend(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    patch: Partial<SendRecord>,
    onlyIf: SendStatus[],
  ): Promise<boolean> {
    const existing = this.sends.get(contactId, sendSk(enrollmentId, stepId));
    if (!existing || !onlyIf.includes(existing.status)) return false;
    await this.completeSend(contactId, enrollmentId, stepId, patch);
    return true;
  }

  async listUncertainSends(page: { limit: number; after?: string }) {
    const after = page.after === undefined ? undefined : cursorSortKey(page.after);
    const rows = this.sends
      .everywhere()
      .filter((s) => s.status === "uncertain" && s.messageId === undefined && s.uncertainAt !== undefined)
      .map((s) => ({ s, key: uncertainGsiSk(s.uncertainAt!, s.contactId, s.enrollmentId, s.stepId) }))
      .filter(({ key }) => after === undefined || compareKeys(key, after) > 0)
      .sort((a, b) => compareKeys(a.key, b.key));
    const shown = rows.slice(0, page.limit);
    const next = rows.length > page.limit ? { next: pageCursor(shown.at(-1)!.key) } : {};
    return { sends: shown.map(({ s }) => copyWithoutUndefined(s)), ...next };
  }

  async getSend(contactId: string, enrollmentId: string, stepId: string): Promise<SendRecord | undefined> {
    const record = this.sends.get(contactId, sendSk(enrollmentId, stepId));
    return record && copyWithoutUndefined(record);
  }

  async markClick(
    contactId: string,
    enrollmentId: string,
    stepId: string,
    tag: string,
    at: string,
  ): Promise<boolean> {
    const sk = sendSk(enrollmentId, stepId);
    const existing = this.sends.get(contactId, sk);
    if (!existing || (existing.clicks && Object.hasOwn(existing.clicks, tag))) return false;
    this.sends.set(contactId, sk, { ...existing, clicks: { ...existing.clicks, [tag]: at } });
    return true;
  }

  async findSendByMessageId(messageId: string): Promise<SendRecord | undefined> {
    const ref = this.byMessageId.get(messageId);
    const record = ref && this.sends.get(ref.contactId, ref.sk);
    return record?.messageId === messageId ? copyWithoutUndefined(record) : undefined;
  }

  async createTask(task: RepTask): Promise<boolean> {
    if (this.tasks.has(task.id)) return false;
    this.tasks.set(task.id, copyWithoutUndefined(task));
    return true;
  }

  async getTask(id: string): Promise<RepTask | undefined> {
    const task = this.tasks.get(id);
    return task && copyWithoutUndefined(task);
  }

  async updateTask(id: string, patch: Partial<RepTask>, onlyIf?: RepTaskStatus[]): Promise<boolean> {
    const task = this.tasks.get(id);
    if (!task || (onlyIf !== undefined && !onlyIf.includes(task.status))) return false;
    const split = splitPatch(patch, taskPatchRules);
    if (!isEmptyPatch(split)) this.tasks.set(id, applyPatch(task, split));
    return true;
  }

  async listTasks(owner: string, status?: RepTaskStatus): Promise<RepTask[]> {
    const prefix = status === undefined ? "" : taskStatusPrefix(status);
    const rows = [...this.tasks.values()]
      .filter((task) => task.owner === owner)
      .map((task) => ({ task, sk: taskGsiSk(task.status, task.deadline) }))
      .filter(({ sk }) => sk.startsWith(prefix));
    rows.sort((a, b) => compareKeys(a.sk, b.sk) || compareKeys(a.task.id, b.task.id));
    return rows.map(({ task }) => copyWithoutUndefined(task));
  }

  async increment(counter: string, options: CounterOptions = {}): Promise<number> {
    return this.counters.increment(counter, options.expiresAt);
  }

  async rememberOnce(key: string, expiry: Expiry): Promise<boolean> {
    return this.guards.rememberOnce(key, expiry);
  }

  private indexEmail(contactId: string, email: string): void {
    const key = email.toLowerCase();
    const ids = this.byEmail.get(key) ?? new Set<string>();
    ids.add(contactId);
    this.byEmail.set(key, ids);
  }

  private findEnrollment(contactId: string, id: string): { sk: string; enrollment: Enrollment } | undefined {
    const parsed = parseEnrollmentId(id);
    if (!parsed) return undefined;
    const sk = enrollmentSk(parsed.workflowId, parsed.seq);
    const enrollment = this.enrollments.get(contactId, sk);
    return enrollment && { sk, enrollment };
  }
}
