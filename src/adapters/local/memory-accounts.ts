/**
 * The memory store's account rows, with the observable behaviour of the DynamoDB part
 * (src/adapters/aws/dynamodb-accounts.ts): members newer-wins by `at`, rows by revision, the
 * stored owner kept, rows of no contacts not listed.
 */
import type { AccountMember } from "../../core/accounts";
import type { AccountStore } from "../../core/contact-store";
import { accountRank, compareKeys } from "../single-table/keys";
import type { MemoryTables } from "./memory-tables";

export class MemoryAccounts implements AccountStore {
  constructor(private readonly tables: MemoryTables) {}

  readonly putAccountMember: AccountStore["putAccountMember"] = async (member) => {
    const members = this.tables.accountMembers.get(member.account) ?? new Map<string, AccountMember>();
    this.tables.accountMembers.set(member.account, members);
    const stored = members.get(member.contactId);
    if (stored && stored.at > member.at) return;
    const { owner, ...rest } = structuredClone(member);
    const kept = owner !== undefined && stored?.owner === owner ? stored.ownedSince : undefined;
    members.set(member.contactId, {
      ...rest,
      ...(owner !== undefined ? { owner, ownedSince: kept ?? member.at } : {}),
    });
  };

  readonly removeAccountMember: AccountStore["removeAccountMember"] = async (account, contactId) => {
    this.tables.accountMembers.get(account)?.delete(contactId);
  };

  readonly accountMembers: AccountStore["accountMembers"] = async (account) =>
    [...(this.tables.accountMembers.get(account)?.values() ?? [])]
      .sort((a, b) => (a.contactId < b.contactId ? -1 : a.contactId > b.contactId ? 1 : 0))
      .map((member) => structuredClone(member));

  readonly putAccountRow: AccountStore["putAccountRow"] = async (row, revision) => {
    const stored = this.tables.accounts.get(row.account);
    if (stored && stored.revision >= revision) return false;
    const owner = stored?.row.owner ?? row.owner;
    const next = { ...structuredClone(row), ...(owner !== undefined ? { owner } : {}) };
    this.tables.accounts.set(row.account, { row: next, revision });
    return true;
  };

  readonly getAccount: AccountStore["getAccount"] = async (account) => {
    const stored = this.tables.accounts.get(account);
    return stored && stored.row.contacts > 0 ? structuredClone(stored.row) : undefined;
  };

  /** In the order of DynamoDB's index: by the rank key (highest score first, then account name). */
  readonly topAccounts: AccountStore["topAccounts"] = async (limit) =>
    [...this.tables.accounts.values()]
      .map((stored) => stored.row)
      .filter((row) => row.contacts > 0)
      .sort((a, b) => compareKeys(accountRank(a.score, a.account), accountRank(b.score, b.account)))
      .slice(0, Math.max(0, limit))
      .map((row) => structuredClone(row));
}
