/**
 * The memory store's account rows, with the observable behaviour of the DynamoDB part
 * (src/adapters/aws/dynamodb-accounts.ts): member changes by version, each change added to its
 * row once by id, rows of no contacts not listed, listed by the same rank key.
 */
import type { AccountRow } from "../../core/accounts";
import type { AccountStore } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import { accountRank, compareKeys } from "../single-table/keys";
import type { MemoryTables } from "./memory-tables";

const memberKey = (account: string, contactId: string) => `${account}\n${contactId}`;

export class MemoryAccounts implements AccountStore {
  constructor(private readonly tables: MemoryTables) {}

  readonly getAccountMember: AccountStore["getAccountMember"] = async (account, contactId) => {
    const member = this.tables.accountMembers.get(memberKey(account, contactId));
    return member && copyWithoutUndefined(member);
  };

  readonly beginAccountChange: AccountStore["beginAccountChange"] = async (target, pending) => {
    const key = memberKey(target.account, target.contactId);
    const member = this.tables.accountMembers.get(key);
    if ((member?.version ?? 0) !== target.version || member?.pending) return false;
    const share = member?.share;
    this.tables.accountMembers.set(key, {
      ...target,
      version: target.version + 1,
      ...(share ? { share } : {}),
      pending: copyWithoutUndefined(pending),
    });
    return true;
  };

  readonly addToAccount: AccountStore["addToAccount"] = async (account, change) => {
    const stored = this.tables.accounts.get(account) ?? {
      row: { account, hundredths: 0, contacts: 0, engagedContacts: 0, stages: {} },
      pending: new Set<string>(),
    };
    this.tables.accounts.set(account, stored);
    const { row } = stored;
    if (stored.pending.has(change.id)) return { hundredths: row.hundredths, contacts: row.contacts };
    row.hundredths += change.delta.hundredths;
    row.contacts += change.delta.contacts;
    row.engagedContacts += change.delta.engagedContacts;
    for (const [stage, count] of Object.entries(change.delta.stages))
      row.stages[stage] = (row.stages[stage] ?? 0) + count;
    if (row.owner === undefined && change.owner !== undefined) row.owner = change.owner;
    stored.pending.add(change.id);
    return { hundredths: row.hundredths, contacts: row.contacts };
  };

  /** The memory store orders rows as it lists them: the sums need no placing. */
  readonly settleAccountChange: AccountStore["settleAccountChange"] = async (
    account,
    contactId,
    { pending },
  ) => {
    const key = memberKey(account, contactId);
    const member = this.tables.accountMembers.get(key);
    if (member?.pending?.id === pending.id) {
      if (pending.share) {
        const { pending: _settled, ...rest } = member;
        this.tables.accountMembers.set(key, { ...rest, share: copyWithoutUndefined(pending.share) });
      } else this.tables.accountMembers.delete(key);
    }
    this.tables.accounts.get(account)?.pending.delete(pending.id);
  };

  readonly getAccount: AccountStore["getAccount"] = async (account) => {
    const stored = this.tables.accounts.get(account);
    return stored && stored.row.contacts > 0 ? copyWithoutUndefined(stored.row) : undefined;
  };

  /** In the order of DynamoDB's index: by the rank key (highest score first, then account name). */
  readonly topAccounts: AccountStore["topAccounts"] = async (limit) =>
    [...this.tables.accounts.values()]
      .map((stored) => stored.row)
      .filter((row) => row.contacts > 0)
      .sort((a, b) => compareKeys(rankOf(a), rankOf(b)))
      .slice(0, Math.max(0, limit))
      .map((row) => copyWithoutUndefined(row));
}

const rankOf = (row: AccountRow) => accountRank(row.hundredths, row.account);
