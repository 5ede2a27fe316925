/**
 * The top accounts (GET /reports/accounts): the account rows highest score first, one query
 * whatever the number of accounts (src/core/contact-store/accounts.ts keeps the rows).
 */
import { accountSummary } from "../accounts";
import type { AccountStore } from "../contact-store";
import type { AccountsReport } from "./report-types";

/** How many accounts a report lists when the caller says nothing, and at most. */
export const ACCOUNTS_LIMIT = { default: 25, max: 100 } as const;

export async function accountsReport(
  store: Pick<AccountStore, "topAccounts">,
  options: { limit?: number } = {},
): Promise<AccountsReport> {
  const wanted = Math.floor(options.limit ?? ACCOUNTS_LIMIT.default);
  const limit = Math.min(Math.max(wanted, 0), ACCOUNTS_LIMIT.max);
  return { accounts: (await store.topAccounts(limit)).map(accountSummary) };
}
