/**
 * Account rows (docs/data-model.md, "Accounts"): per account a member record per contact (the
 * share it added to the row, AccountShare) and one row of sums, listed highest score first in one
 * read. Exactly once without transactions: a change is first marked on the member (`pending`, with
 * the next version), then added to the row guarded by its id (a retry adds nothing), then settled
 * on the member, then forgotten by the row. src/core/engine/accounts.ts drives the steps.
 */
import type { AccountDelta, AccountRow, AccountShare } from "../accounts";

/** A change of a member's share under way: its id is `<contactId>:<version>`. */
export interface PendingShare {
  id: string;
  /** The share after the change; absent when the contact leaves the account. */
  share?: AccountShare;
}

export interface AccountMember {
  account: string;
  contactId: string;
  /** Bumped by every change: 1 for the first. */
  version: number;
  /** The share the row holds of the contact; absent before its first change is settled. */
  share?: AccountShare;
  pending?: PendingShare;
}

/** What places a row among the top accounts. */
export type AccountSums = Pick<AccountRow, "hundredths" | "contacts">;

export interface AccountStore {
  getAccountMember(account: string, contactId: string): Promise<AccountMember | undefined>;
  /**
   * Marks a change of the member's share: if it is still at `version` (0: no member yet) and has
   * no change pending, it moves to `version + 1` with `pending`. False when it changed meanwhile.
   */
  beginAccountChange(
    member: { account: string; contactId: string; version: number },
    pending: PendingShare,
  ): Promise<boolean>;
  /**
   * Adds `delta` to the account's row once per change id (a retry adds nothing) and gives the row
   * `owner` if it has none. Resolves to the row's sums after the add (as they stand, for a retry).
   */
  addToAccount(
    account: string,
    change: { id: string; delta: AccountDelta; owner?: string },
  ): Promise<AccountSums>;
  /**
   * The member takes the pending share (or is removed when it has none); then the row forgets the
   * change id and, if its sums are still `sums`, takes its place in the top accounts for them (a
   * later change's settle places it otherwise).
   */
  settleAccountChange(
    account: string,
    contactId: string,
    settled: { pending: PendingShare; sums: AccountSums },
  ): Promise<void>;
  /** The account's row, if it has contacts. */
  getAccount(account: string): Promise<AccountRow | undefined>;
  /** The `limit` rows with contacts of the highest scores, highest first (ties: by account name): one query. */
  topAccounts(limit: number): Promise<AccountRow[]>;
}
