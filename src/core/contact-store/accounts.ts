/**
 * Account rows (docs/data-model.md, "Accounts"): per account one member record per contact (its
 * cached score, stage and owner) and one row summing them, listed highest score first in one read.
 * No transactions: the engine (src/core/engine/accounts.ts) writes the member, takes the account's
 * next revision, reads every member and writes the row only when its revision is newer than the
 * stored one; so the newest revision's row was computed from a read that saw every member written
 * before it, whatever the retries and races (the row is a recount, never a delta).
 */
import type { AccountMember } from "../accounts";
import type { AccountSummary } from "../reports/report-types";

export interface AccountStore {
  /** Writes the contact's member record unless the stored one is newer (`at`); keeps `ownedSince` while the owner stays. */
  putAccountMember(member: Omit<AccountMember, "ownedSince">): Promise<void>;
  /** Removes the contact from the account (it moved, or was erased). */
  removeAccountMember(account: string, contactId: string): Promise<void>;
  /** Every member of the account, read consistently (all pages). */
  accountMembers(account: string): Promise<AccountMember[]>;
  /**
   * Writes the account's row unless the stored row has this revision or a later one (false then).
   * The stored owner stays once set: `row.owner` only fills in an account without one. A row of
   * no contacts stays (with its revision, so an older row cannot come back) but is not listed.
   */
  putAccountRow(row: AccountSummary, revision: number): Promise<boolean>;
  /** The account's row, if it has contacts. */
  getAccount(account: string): Promise<AccountSummary | undefined>;
  /** The `limit` accounts with the highest scores, highest first (ties: by account name): one query. */
  topAccounts(limit: number): Promise<AccountSummary[]>;
}
