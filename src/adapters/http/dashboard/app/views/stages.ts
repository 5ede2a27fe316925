import type { StagesReport } from "../../../../../core/reports/report-types";
import { query } from "../api";
import { count } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Table } from "../ui";
import type { Period } from "./period";

function Stages(props: { report: StagesReport }) {
  const { stages, moves } = props.report;
  const most = Math.max(1, ...Object.values(stages));
  return html`<div class="grid">
    <${Card} title="Contacts by stage (now)" id="stages-now">
      <${Table} id="stages" caption="Contacts in each stage now" head=${["Stage", "Contacts", ""]}>
        ${Object.entries(stages).map(
          ([stage, n]) => html`<tr data-stage=${stage}>
            <th scope="row">${stage}</th>
            <td data-count=${n}>${count(n)}</td>
            <td class="bar-cell"><meter min="0" max=${most} value=${n} aria-label=${`${stage}: ${n}`}></meter></td>
          </tr>`,
        )}
      <//>
    <//>
    <${Card} title="Moves in the period" id="stages-moves">
      ${
        moves.length
          ? html`<${Table} id="moves" caption="Stage moves in the period" head=${["From", "To", "Contacts"]}>
              ${moves.map(
                (move) => html`<tr>
                  <td>${move.from ?? html`<span class="muted">(new)</span>`}</td>
                  <td>${move.to}</td>
                  <td data-count=${move.count}>${count(move.count)}</td>
                </tr>`,
              )}
            <//>`
          : html`<p class="muted">No contact changed stage in the period.</p>`
      }
    <//>
  </div>`;
}

/** How many contacts are in each stage now, and who moved where in the period. */
export function StagesView(props: { period: Period }) {
  const stages = useApi<StagesReport>(`/reports/stages${query({ ...props.period })}`);
  return pending(stages) ?? html`<${Stages} report=${stages.data} />`;
}
