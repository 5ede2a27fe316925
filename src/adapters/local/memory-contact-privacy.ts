/**
 * The memory store's suppression list, raw-mail references, and export and erasure of a contact,
 * as src/adapters/aws/dynamodb-privacy.ts does them: an erased contact's suppression is kept by,
 * and holds only, a hash of the address.
 */
import type { PrivacyStore, ProfileStore } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import { addressHash, compareKeys, referenceSk } from "../single-table/keys";
import { forgetEventIds } from "./memory-events";
import type { Partitions } from "./memory-partitions";
import type { MemoryTables } from "./memory-tables";

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    compareKeys(key(a), key(b));

export class MemoryContactPrivacy implements PrivacyStore {
  constructor(
    private readonly tables: MemoryTables,
    private readonly profiles: Pick<ProfileStore, "getContactView" | "stageHistory">,
  ) {}

  readonly getSuppression: PrivacyStore["getSuppression"] = async (email) => {
    const hashed = this.tables.hashedSuppressions.get(addressHash(email));
    if (hashed) return { email, detail: "", ...copyWithoutUndefined(hashed) };
    const suppression = this.tables.suppressions.get(email.toLowerCase());
    return suppression && copyWithoutUndefined(suppression);
  };

  readonly suppress: PrivacyStore["suppress"] = async (suppression) => {
    const key = suppression.email.toLowerCase();
    if (this.tables.hashedSuppressions.has(addressHash(key))) return;
    if (!this.tables.suppressions.has(key))
      this.tables.suppressions.set(key, copyWithoutUndefined(suppression));
  };

  readonly recordRawMail: PrivacyStore["recordRawMail"] = async (ref) => {
    this.tables.rawMail.set(ref.contactId, referenceSk("rawMail", ref.messageId), copyWithoutUndefined(ref));
  };

  readonly exportContact: PrivacyStore["exportContact"] = async (contactId) => {
    const view = await this.profiles.getContactView(contactId);
    if (!view) return undefined;
    const suppression = await this.getSuppression(view.contact.email);
    return {
      contact: view.contact,
      stageHistory: await this.profiles.stageHistory(contactId),
      events: view.events,
      enrollments: view.enrollments,
      sends: view.sends,
      ...this.#outside(contactId),
      rawMail: this.tables.rawMail.list(contactId, () => true),
      ...(suppression ? { suppression } : {}),
    };
  };

  readonly eraseContact: PrivacyStore["eraseContact"] = async (contactId, options) => {
    const tables = this.tables;
    const entry = tables.contacts.get(contactId);
    if (entry) {
      const email = entry.contact.email.toLowerCase();
      this.#hashSuppression(email, options.at);
      const ids = tables.byEmail.get(email);
      ids?.delete(contactId);
      if (ids?.size === 0) tables.byEmail.delete(email);
      tables.contacts.delete(contactId);
    }
    const { tasks, replyKeys } = this.#outside(contactId);
    for (const task of tasks) tables.tasks.delete(task.id);
    for (const ref of replyKeys) tables.replies.delete(ref.key);
    const sends = tables.sends.drop(contactId);
    for (const send of sends) if (send.messageId !== undefined) tables.byMessageId.delete(send.messageId);
    const dropped = [tables.stages, tables.events, tables.enrollments, tables.rawMail].map(
      (rows: Partitions<unknown>) => rows.drop(contactId).length,
    );
    dropped.push(sends.length, forgetEventIds(tables, contactId));
    // The contact's counted-fact markers go with it (on DynamoDB they are in its partition).
    tables.counted.delete(contactId);
    return entry !== undefined || tasks.length + replyKeys.length + dropped.reduce((a, b) => a + b, 0) > 0;
  };

  /** Moves the address's suppression to its hash (reason "erased" when it had none). */
  #hashSuppression(email: string, at: string): void {
    const hash = addressHash(email);
    const live = this.tables.suppressions.get(email);
    if (!this.tables.hashedSuppressions.has(hash))
      this.tables.hashedSuppressions.set(hash, {
        reason: live?.reason ?? "erased",
        at: live?.at ?? at,
        erasedAt: at,
      });
    this.tables.suppressions.delete(email);
  }

  /** The tasks and reply keys outside the partition: found by their contact (references are implicit here). */
  #outside(contactId: string) {
    const tasks = [...this.tables.tasks.values()].filter((t) => t.contactId === contactId);
    const replyKeys = [...this.tables.replies.values()].filter((r) => r.contactId === contactId);
    return {
      tasks: tasks.sort(byKey((t) => t.id)).map((t) => copyWithoutUndefined(t)),
      replyKeys: replyKeys.sort(byKey((r) => r.key)).map((r) => copyWithoutUndefined(r)),
    };
  }
}
