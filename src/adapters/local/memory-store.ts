/**
 * ContactStore in memory, for simulations: the same observable behaviour as the DynamoDB store
 * (same keys and orders, same conditions, same patch rules), each method atomic. Records are
 * deep-copied in and out, so callers cannot change what is stored.
 */

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
import type { Clock, ContactStore, ContactView, CounterOptions } from "../../core/ports";
import {
  applyPatch,
  contactPatchRules,
  enrollmentPatchRules,
  isEmptyPatch,
  sendPatchRules,
  splitPatch,
  taskPatchRules,
} from "../aws/dynamodb-items";
import {
  assertEnrollmentId,
  compareKeys,
  contactPk,
  EVENT_PREFIX,
  enrollmentPrefix,
  enrollmentSk,
  eventRange,
  eventSk,
  parseEnrollmentId,
  STAGE_PREFIX,
  sendSk,
  stageSk,
  taskGsiSk,
  taskStatusPrefix,
} from "../aws/dynamodb-keys";
import { MemoryCounters } from "./memory-counters";

/**
 * A deep copy without `undefined` (what `structuredClone(withoutUndefined(value))` gives) in one
 * pass: records are plain JSON-like data, so plain objects and arrays are copied by hand (several
 * times faster than structuredClone); anything else an object holds is structured-cloned.
 */
function copy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const v of value) if (v !== undefined) out.push(copy(v));
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key in value) {
    // An own "__proto__" key was dropped by the copy before (it set the prototype, which
    // structuredClone does not keep): it still is, and cannot reach a prototype here.
    if (!Object.hasOwn(value, key) || key === "__proto__") continue;
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = copy(v);
  }
  return out as T;
}

/** A contact's items of one kind by sort key, listed in DynamoDB's key order. */
class Partitions<T> {
  private readonly byContact = new Map<string, Map<string, T>>();

  get(contactId: string, sk: string): T | undefined {
    return this.byContact.get(contactId)?.get(sk);
  }

  set(contactId: string, sk: string, value: T): void {
    const rows = this.byContact.get(contactId) ?? new Map<string, T>();
    rows.set(sk, value);
    this.byContact.set(contactId, rows);
  }

  list(contactId: string, where: (sk: string) => boolean): T[] {
    // compareKeys' order (UTF-8 bytes), with each key encoded once rather than at every comparison.
    const rows: Array<{ key: Buffer; value: T }> = [];
    for (const [sk, value] of this.byContact.get(contactId) ?? [])
      if (where(sk)) rows.push({ key: Buffer.from(sk, "utf8"), value });
    return rows.sort((a, b) => Buffer.compare(a.key, b.key)).map(({ value }) => copy(value));
  }

  /** Every item of every contact, uncopied (for index-like scans). */
  everywhere(): T[] {
    return [...this.byContact.values()].flatMap((rows) => [...rows.values()]);
  }
}

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
  private readonly tasks = new Map<string, RepTask>();
  private readonly counters: MemoryCounters;
  private readonly replies = new Map<string, ReplyRef>();

  async saveReplyKey(ref: ReplyRef): Promise<void> {
    this.replies.set(ref.key, copy(ref));
  }

  async findReplyKey(key: string): Promise<ReplyRef | undefined> {
    const ref = this.replies.get(key);
    return ref && copy(ref);
  }

  async getContactView(id: string): Promise<ContactView | undefined> {
    const contact = await this.getContact(id);
    if (!contact) return undefined;
    return {
      contact,
      events: await this.listEvents(id),
      enrollments: await this.listEnrollments(id),
      sends: this.sends.list(id, () => true),
    };
  }

  async getContact(id: string): Promise<Contact | undefined> {
    const entry = this.contacts.get(id);
    return entry && copy(entry.contact);
  }

  async findContactByEmail(email: string): Promise<Contact | undefined> {
    const ids = [...(this.byEmail.get(email.toLowerCase()) ?? [])];
    const first = ids.sort((a, b) => compareKeys(contactPk(a), contactPk(b)))[0];
    return first === undefined ? undefined : this.getContact(first);
  }

  async createContact(contact: Contact): Promise<boolean> {
    if (this.contacts.has(contact.id)) return false;
    this.contacts.set(contact.id, { contact: copy(contact) });
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
    entry.contact = { ...applyPatch(entry.contact, splitPatch(patch, contactPatchRules)), updatedAt: at };
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
    this.stages.set(change.contactId, historySk, copy(change));
    return true;
  }

  async stageHistory(contactId: string): Promise<StageChange[]> {
    return this.stages.list(contactId, startsWith(STAGE_PREFIX));
  }

  async setConsent(contactId: string, consent: Contact["consent"]): Promise<void> {
    const entry = this.contacts.get(contactId);
    if (!entry) throw new Error(`contact ${contactId} not found`);
    entry.contact = { ...entry.contact, consent: copy(consent) };
  }

  async recordEvent(event: EngagementEvent): Promise<boolean> {
    const sk = eventSk(event.at, event.id);
    if (this.events.get(event.contactId, sk)) return false;
    this.events.set(event.contactId, sk, copy(event));
    return true;
  }

  async listEvents(contactId: string, since?: string): Promise<EngagementEvent[]> {
    if (since === undefined) return this.events.list(contactId, startsWith(EVENT_PREFIX));
    const { from, to } = eventRange(since);
    return this.events.list(contactId, (sk) => compareKeys(sk, from) >= 0 && compareKeys(sk, to) <= 0);
  }

  async createEnrollment(enrollment: Enrollment): Promise<boolean> {
    assertEnrollmentId(enrollment);
    const sk = enrollmentSk(enrollment.workflowId, enrollment.seq);
    if (this.enrollments.get(enrollment.contactId, sk)) return false;
    this.enrollments.set(enrollment.contactId, sk, copy(enrollment));
    return true;
  }

  async getEnrollment(contactId: string, id: string): Promise<Enrollment | undefined> {
    const found = this.findEnrollment(contactId, id);
    return found && copy(found.enrollment);
  }

  async listEnrollments(contactId: string, workflowId?: string): Promise<Enrollment[]> {
    return this.enrollments.list(contactId, startsWith(enrollmentPrefix(workflowId)));
  }

  async listEnrollmentsByStatus(status: EnrollmentStatus, workflowId?: string): Promise<Enrollment[]> {
    return this.enrollments
      .everywhere()
      .filter((e) => e.status === status && (workflowId === undefined || e.workflowId === workflowId))
      .sort((a, b) => compareKeys(`${a.workflowId}#${a.startedAt}`, `${b.workflowId}#${b.startedAt}`))
      .map((e) => copy(e));
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
    const suppression = this.suppressions.get(email.toLowerCase());
    return suppression && copy(suppression);
  }

  async suppress(suppression: Suppression): Promise<void> {
    const key = suppression.email.toLowerCase();
    if (!this.suppressions.has(key)) this.suppressions.set(key, copy(suppression));
  }

  async claimSend(record: SendRecord): Promise<{ claimed: boolean; record: SendRecord }> {
    const sk = sendSk(record.enrollmentId, record.stepId);
    const existing = this.sends.get(record.contactId, sk);
    if (existing && existing.status !== "released") return { claimed: false, record: copy(existing) };
    this.sends.set(record.contactId, sk, copy(record));
    if (record.messageId !== undefined)
      this.byMessageId.set(record.messageId, { contactId: record.contactId, sk });
    return { claimed: true, record: copy(record) };
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

  async getSend(contactId: string, enrollmentId: string, stepId: string): Promise<SendRecord | undefined> {
    const record = this.sends.get(contactId, sendSk(enrollmentId, stepId));
    return record && copy(record);
  }

  async findSendByMessageId(messageId: string): Promise<SendRecord | undefined> {
    const ref = this.byMessageId.get(messageId);
    const record = ref && this.sends.get(ref.contactId, ref.sk);
    return record?.messageId === messageId ? copy(record) : undefined;
  }

  async createTask(task: RepTask): Promise<boolean> {
    if (this.tasks.has(task.id)) return false;
    this.tasks.set(task.id, copy(task));
    return true;
  }

  async getTask(id: string): Promise<RepTask | undefined> {
    const task = this.tasks.get(id);
    return task && copy(task);
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
    return rows.map(({ task }) => copy(task));
  }

  async increment(counter: string, options: CounterOptions = {}): Promise<number> {
    return this.counters.increment(counter, options.expiresAt);
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
