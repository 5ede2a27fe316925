/**
 * Contact lists (docs/data-model.md, "Contact lists"): three sparse indexes on the profile, by
 * stage, owner and account, each sorted by the time of the contact's last stage change. Pure: both
 * stores page through them with `listContactsPage` and the same keys, so a page, its bounds and its
 * cursor are the same on both.
 *
 * Invariant: a profile item carries `listStage` and `listSk` always, `listOwner` / `listAccount`
 * exactly while the contact has an owner / account (src/adapters/aws/dynamodb-profiles.ts keeps
 * them in step on every write of stage, owner or account).
 */
import { createHash } from "node:crypto";
import type { ContactFilter, ListedContact, Page } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import { InvalidCursorError } from "../../core/errors";
import type { Contact } from "../../core/model";
import { compareKeys } from "./keys";

/** The list indexes: which attribute is each one's partition key (all share the sort key LIST_SK). */
export const LIST_INDEXES = {
  stage: { indexName: "ByStage", partitionKey: "listStage" },
  owner: { indexName: "ByOwner", partitionKey: "listOwner" },
  account: { indexName: "ByAccount", partitionKey: "listAccount" },
} as const;
export type ListIndex = keyof typeof LIST_INDEXES;
export type ListIndexName = (typeof LIST_INDEXES)[ListIndex]["indexName"];
/** Sort key of the list indexes: `<time of the last stage change>#<contact id>`, newest read first. */
export const LIST_SK = "listSk";
/** The profile fields the list indexes project (what a list shows): ListedContact. */
export const LISTED_FIELDS = [
  "id",
  "email",
  "firstName",
  "lastName",
  "stage",
  "score",
  "owner",
  "account",
] as const;
/** Item attributes of the list indexes (not record fields). */
export const LIST_ATTRIBUTES: readonly string[] = [
  ...Object.values(LIST_INDEXES).map((index) => index.partitionKey),
  LIST_SK,
];

/**
 * The most index items a page reads from one index partition when a filter is checked after the
 * read (several filters): a page then holds the matches among them, perhaps fewer than `limit`.
 */
export const MAX_INDEX_READS = 200;

export const listSortKey = (stageChangedAt: string, contactId: string) => `${stageChangedAt}#${contactId}`;

/** The list index attributes of a profile whose stage last changed at `stageChangedAt`. */
export function listAttributes(
  contact: Pick<Contact, "id" | "stage" | "owner" | "account">,
  stageChangedAt: string,
): Record<string, string> {
  const attributes: Record<string, string> = {
    [LIST_INDEXES.stage.partitionKey]: contact.stage,
    [LIST_SK]: listSortKey(stageChangedAt, contact.id),
  };
  if (contact.owner) attributes[LIST_INDEXES.owner.partitionKey] = contact.owner;
  if (contact.account) attributes[LIST_INDEXES.account.partitionKey] = contact.account;
  return attributes;
}

/** What a list index holds of a contact (its projection). */
export function listedOf(contact: Contact): ListedContact {
  return copyWithoutUndefined(
    Object.fromEntries(LISTED_FIELDS.map((field) => [field, contact[field]])) as ListedContact,
  );
}

/** A row of an index partition as a store reads it. */
export interface ListRow {
  sk: string;
  contact: ListedContact;
}

/** Reads up to `count` rows of one index partition, newest first, those with sort keys below `before`. */
export type ReadListPartition = (
  index: ListIndex,
  partition: string,
  read: { before?: string; count: number },
) => Promise<ListRow[]>;

/** The index a filter is read from: the most selective one given (account, then owner, then stage). */
function plan(filter: ContactFilter): { index: ListIndex; partitions: string[]; checked: boolean } {
  const given = [filter.account, filter.owner, filter.stages].filter((f) => f !== undefined).length;
  const checked = given > 1;
  if (filter.account !== undefined) return { index: "account", partitions: [filter.account], checked };
  if (filter.owner !== undefined) return { index: "owner", partitions: [filter.owner], checked };
  if (filter.stages?.length) return { index: "stage", partitions: [...new Set(filter.stages)], checked };
  throw new Error("a contact list needs a stage, an owner or an account");
}

function matches(contact: ListedContact, filter: ContactFilter): boolean {
  return (
    (filter.stages === undefined || filter.stages.includes(contact.stage)) &&
    (filter.owner === undefined || contact.owner === filter.owner) &&
    (filter.account === undefined || contact.account === filter.account)
  );
}

/** The list a cursor belongs to: a hash of its filter (a cursor of another list is refused). */
function listId(filter: ContactFilter): string {
  const normal = [[...(filter.stages ?? [])].sort(), filter.owner ?? null, filter.account ?? null];
  return createHash("sha256").update(JSON.stringify(normal)).digest("base64url").slice(0, 16);
}

export function encodeListCursor(filter: ContactFilter, after: string): string {
  return Buffer.from(JSON.stringify({ list: listId(filter), after }), "utf8").toString("base64url");
}

export function decodeListCursor(cursor: string, filter: ContactFilter): string {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError();
  }
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof record.list !== "string" || typeof record.after !== "string" || record.after === "")
    throw new InvalidCursorError();
  if (record.list !== listId(filter)) throw new InvalidCursorError("the cursor belongs to another list");
  return record.after;
}

/**
 * One page of a contact list. Each partition is read newest first, `perPartition + 1` rows at most
 * (the extra row tells whether it has more). Rows at or above the highest last row of a partition
 * that has more are all known, so the page is taken from them; its cursor is the sort key where
 * the next page starts below.
 */
export async function listContactsPage(
  filter: ContactFilter,
  page: { limit: number; cursor?: string },
  read: ReadListPartition,
): Promise<Page<ListedContact>> {
  const { index, partitions, checked } = plan(filter);
  const before = page.cursor === undefined ? undefined : decodeListCursor(page.cursor, filter);
  const perPartition = checked ? MAX_INDEX_READS : page.limit;
  const known: ListRow[] = [];
  let boundary: string | undefined;
  for (const partition of partitions) {
    const rows = await read(index, partition, { ...(before ? { before } : {}), count: perPartition + 1 });
    const kept = rows.slice(0, perPartition);
    known.push(...kept);
    const last = kept.at(-1)?.sk;
    if (rows.length > perPartition && last && (!boundary || compareKeys(last, boundary) > 0)) boundary = last;
  }
  const candidates = known
    .filter((row) => boundary === undefined || compareKeys(row.sk, boundary) >= 0)
    .filter((row) => matches(row.contact, filter))
    .sort((a, b) => compareKeys(b.sk, a.sk));
  const items = candidates.slice(0, page.limit);
  const after = candidates.length > page.limit ? items.at(-1)?.sk : boundary;
  return {
    items: items.map((row) => row.contact),
    ...(after !== undefined ? { cursor: encodeListCursor(filter, after) } : {}),
  };
}
