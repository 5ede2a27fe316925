/** PLACEHOLDER until the accounts part's report is merged (it replaces this file, same signature). */
import type { ContactStore } from "../contact-store";
import type { AccountsReport } from "./report-types";

export async function accountsReport(
  _store: ContactStore,
  _options: { limit: number },
): Promise<AccountsReport> {
  return { accounts: [] };
}
