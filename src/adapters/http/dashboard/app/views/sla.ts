import type { SlaOwnerReport, SlaReport } from "../../../../../core/reports/report-types";
import { query } from "../api";
import { count, duration, rate } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Table } from "../ui";
import type { Period } from "./period";

function rejections(rejected: Record<string, number>): string {
  const entries = Object.entries(rejected);
  return entries.length ? entries.map(([reason, n]) => `${reason}: ${n}`).join(", ") : "–";
}

function OwnerRow(props: { owner: SlaOwnerReport }) {
  const { owner } = props;
  return html`<tr data-owner=${owner.owner}>
    <th scope="row">${owner.owner}</th>
    <td>${count(owner.handoffs)}</td>
    <td>${count(owner.accepted)} <span class="rate">${rate(owner.accepted, owner.handoffs)}</span></td>
    <td>${rejections(owner.rejected)}</td>
    <td>${count(owner.missed)} <span class="rate">${rate(owner.missed, owner.handoffs)}</span></td>
    <td>${duration(owner.medianToAccept)}</td>
    <td>${duration(owner.medianToFirstTouch)}</td>
  </tr>`;
}

/** The sales–marketing agreement per owner: handoffs, how many were accepted, rejected or missed, and how fast. */
export function SlaView(props: { period: Period }) {
  const sla = useApi<SlaReport>(`/reports/sla${query({ ...props.period })}`);
  const head = [
    "Owner",
    "Handoffs",
    "Accepted",
    "Rejected",
    "Missed",
    "Median to accept",
    "Median to first touch",
  ];
  return html`<div class="grid">
    <${Card} title="SLA by owner" id="sla-owners" wide>
      ${
        pending(sla) ??
        (sla.data?.owners.length
          ? html`<${Table} id="sla" caption="The SLA per owner" head=${head}>
              ${sla.data.owners.map((owner) => html`<${OwnerRow} owner=${owner} />`)}
            <//>`
          : html`<p class="muted">No lead was handed off in the period.</p>`)
      }
    <//>
  </div>`;
}
