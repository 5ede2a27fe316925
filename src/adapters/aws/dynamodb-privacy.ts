/**
 * Export and erasure on the contacts table (docs/data-model.md), and the suppression list they
 * change: an erased contact's suppression is keyed by, and holds only, a hash of the address.
 */
import type { OlderRecords, PrivacyStore } from "../../core/contact-store";
import type { Contact, ContactRecords, RawMailRef, ReplyRef, RepTask, Suppression } from "../../core/model";
import {
  ENTITY,
  fromItem,
  type Item,
  type Reference,
  rawMailItem,
  suppressionItem,
} from "../single-table/items";
import {
  contactPk,
  externalTaskKey,
  hashedSuppressionKey,
  type ItemKey,
  profileKey,
  replyKey,
  suppressionKey,
  taskKey,
} from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

/** Deletes in flight at once: enough to erase thousands of events within the API's time. */
const DELETE_CONCURRENCY = 16;

export class DynamoDbPrivacy implements PrivacyStore {
  constructor(private readonly table: DynamoDbTable) {}

  readonly getSuppression: PrivacyStore["getSuppression"] = async (email) =>
    readSuppression(this.table, email);

  readonly suppress: PrivacyStore["suppress"] = async (suppression) =>
    writeSuppression(this.table, suppression);

  readonly recordRawMail: PrivacyStore["recordRawMail"] = async (ref) => {
    await this.table.put(rawMailItem(ref));
  };

  readonly exportContact: PrivacyStore["exportContact"] = async (contactId, older) =>
    exportRecords(this.table, contactId, older);

  readonly eraseContact: PrivacyStore["eraseContact"] = async (contactId, options) =>
    eraseRecords(this.table, contactId, options);
}

/** The address's suppression: an erased contact's (by hash) first, else the live one (by address). */
async function readSuppression(table: DynamoDbTable, email: string): Promise<Suppression | undefined> {
  const [hashed, plain] = await Promise.all([
    table.get(hashedSuppressionKey(email)),
    table.get(suppressionKey(email)),
  ]);
  if (hashed) {
    const { reason, at, erasedAt } = hashed as Pick<Suppression, "reason" | "at" | "erasedAt">;
    return { email, reason, at, detail: "", ...(erasedAt ? { erasedAt } : {}) };
  }
  return plain && fromItem<Suppression>(plain);
}

/** Suppresses an address once (the first reason stays); an erased address stays by hash only. */
async function writeSuppression(table: DynamoDbTable, suppression: Suppression): Promise<void> {
  if (await table.get(hashedSuppressionKey(suppression.email))) return;
  const expr = new Expressions();
  await table.put(suppressionItem(suppression), { expr, text: expr.notExists("pk") });
}

const unique = (ids: Iterable<string>) => [...new Set(ids)];

function recordsOf<T>(items: Item[], entity: string): T[] {
  return items.filter((item) => item[ENTITY] === entity).map((item) => fromItem<T>(item));
}

/** The contact's references of one kind, with the older ids named by the caller. */
function referenced(items: Item[], kind: Reference["kind"], older: readonly string[] = []): string[] {
  const ids = recordsOf<Reference>(items, "reference").filter((r) => r.kind === kind);
  return unique([...ids.map((r) => r.id), ...older]);
}

/** The records at `keys` that belong to the contact (older ids are only candidates). */
async function readOwned<T>(table: DynamoDbTable, contactId: string, keys: ItemKey[]): Promise<T[]> {
  const items = await Promise.all(keys.map((key) => table.get(key)));
  return items.filter((item) => item?.contactId === contactId).map((item) => fromItem<T>(item!));
}

async function exportRecords(
  table: DynamoDbTable,
  contactId: string,
  older?: OlderRecords,
): Promise<ContactRecords | undefined> {
  const items = await table.query({ partition: contactPk(contactId) });
  const profile = items.find((item) => item[ENTITY] === "contact");
  if (!profile) return undefined;
  const contact = fromItem<Contact>(profile);
  const taskKeys = referenced(items, "task", older?.taskIds).map(taskKey);
  const replyKeys = referenced(items, "replyKey", older?.replyKeys).map(replyKey);
  const suppression = await readSuppression(table, contact.email);
  return {
    contact,
    stageHistory: recordsOf(items, "stage"),
    events: recordsOf(items, "event"),
    enrollments: recordsOf(items, "enrollment"),
    sends: recordsOf(items, "send"),
    tasks: await readOwned<RepTask>(table, contactId, taskKeys),
    replyKeys: await readOwned<ReplyRef>(table, contactId, replyKeys),
    rawMail: recordsOf<RawMailRef>(items, "rawMail"),
    ...(suppression ? { suppression } : {}),
  };
}

async function deleteAll(keys: ItemKey[], remove: (key: ItemKey) => Promise<boolean>): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < keys.length; i += DELETE_CONCURRENCY) {
    const done = await Promise.all(keys.slice(i, i + DELETE_CONCURRENCY).map(remove));
    deleted += done.filter(Boolean).length;
  }
  return deleted;
}

/**
 * Moves the address's suppression to its hash (reason "erased" when it had none): written before
 * the live entry is deleted, so the address is suppressed at every moment.
 */
async function hashSuppression(table: DynamoDbTable, email: string, at: string): Promise<void> {
  const plain = await table.get(suppressionKey(email));
  const expr = new Expressions();
  const hashed = {
    ...hashedSuppressionKey(email),
    [ENTITY]: "suppression",
    reason: plain?.reason ?? "erased",
    at: plain?.at ?? at,
    erasedAt: at,
  };
  await table.put(hashed, { expr, text: expr.notExists("pk") });
  if (plain) await table.delete(suppressionKey(email));
}

const keyOf = (item: Item): ItemKey => ({ pk: String(item.pk), sk: String(item.sk) });

/** Deletes the tasks and reply keys the partition's items refer to (and the older ones named) that are the contact's. */
async function deleteOutside(
  table: DynamoDbTable,
  contactId: string,
  items: Item[],
  older?: OlderRecords,
): Promise<number> {
  const outside = [
    ...referenced(items, "task", older?.taskIds).map(taskKey),
    ...referenced(items, "replyKey", older?.replyKeys).map(replyKey),
    ...referenced(items, "externalTask").map(externalTaskKey),
  ];
  return deleteAll(outside, (key) => {
    const expr = new Expressions();
    return table.delete(key, { expr, text: expr.equals("contactId", contactId) });
  });
}

/**
 * Erases the contact. Order: the hashed suppression (no email from here on), the records outside
 * the partition (found through the partition's references), the partition, the profile last, so
 * a run cut short still finds the contact and the next run finishes it. Then one more pass removes
 * what a handler in flight (one that read the contact before it went) wrote meanwhile.
 */
async function eraseRecords(
  table: DynamoDbTable,
  contactId: string,
  options: { at: string; writtenBeforeReferences?: OlderRecords },
): Promise<boolean> {
  const partition = { partition: contactPk(contactId) };
  const items = await table.query(partition);
  const profile = items.find((item) => item[ENTITY] === "contact");
  if (profile) await hashSuppression(table, String(profile.email), options.at);
  const deletedOutside = await deleteOutside(table, contactId, items, options.writtenBeforeReferences);
  await deleteAll(items.filter((item) => item !== profile).map(keyOf), (key) => table.delete(key));
  if (profile) await table.delete(profileKey(contactId));
  const stragglers = await table.query(partition);
  await deleteOutside(table, contactId, stragglers);
  await deleteAll(stragglers.map(keyOf), (key) => table.delete(key));
  return items.length > 0 || deletedOutside > 0;
}
