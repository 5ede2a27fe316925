import type { AccountsReport } from "../../../../../core/reports/report-types";
import { query } from "../api";
import { count } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Table } from "../ui";

const TOP = "25";

/** The accounts with the highest score, with their stage, owner and engaged contacts. */
export function AccountsView() {
  const accounts = useApi<AccountsReport>(`/reports/accounts${query({ limit: TOP })}`);
  const head = ["Account", "Score", "Stage", "Owner", "Contacts", "Engaged"];
  return html`<div class="grid">
    <${Card} title=${`Top ${TOP} accounts`} id="accounts-top" wide>
      ${
        pending(accounts) ??
        (accounts.data?.accounts.length
          ? html`<${Table} id="accounts" caption="Accounts, highest score first" head=${head}>
              ${accounts.data.accounts.map(
                (account) => html`<tr>
                  <th scope="row">${account.account}</th>
                  <td>${count(account.score)}</td>
                  <td>${account.stage ?? "–"}</td>
                  <td>${account.owner ?? "–"}</td>
                  <td>${count(account.contacts)}</td>
                  <td>${count(account.engagedContacts)}</td>
                </tr>`,
              )}
            <//>`
          : html`<p class="muted">No account yet.</p>`)
      }
    <//>
  </div>`;
}
