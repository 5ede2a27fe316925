import { useState } from "preact/hooks";
import type { AttributionReport } from "../../../../../core/reports/report-types";
import { query } from "../api";
import { count } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Select, Table } from "../ui";
import type { Period } from "./period";

function Attribution(props: { report: AttributionReport }) {
  const { report } = props;
  const models = Object.keys(report.models);
  const keys = [...new Set(models.flatMap((model) => Object.keys(report.models[model] ?? {})))].sort();
  const heading = report.by === "channel" ? "Channel" : "Campaign";
  return html`<${Card} title="Credit by model" id="attribution-models" wide>
    <p>${count(report.conversions)} conversions, revenue ${count(report.revenue)} (${report.from} to ${report.to})</p>
    ${
      // The API names every model even before any has credits: no key of any model is no credit.
      keys.length
        ? html`<${Table} id="attribution" caption=${`Credit by model and ${report.by}`} head=${[heading, ...models]}>
            ${keys.map(
              (key) => html`<tr>
                <th scope="row">${key}</th>
                ${models.map((model) => html`<td>${(report.models[model]?.[key] ?? 0).toFixed(2)}</td>`)}
              </tr>`,
            )}
          <//>`
        : html`<p class="muted">No attribution model has credits for this period.</p>`
    }
  <//>`;
}

/** Each attribution model's credit by channel or by campaign. */
export function AttributionView(props: { period: Period }) {
  const [by, setBy] = useState("channel");
  const report = useApi<AttributionReport>(`/reports/attribution${query({ by, ...props.period })}`);
  const options: Array<[string, string]> = [
    ["channel", "Channel"],
    ["campaign", "Campaign"],
  ];
  return html`<div>
    <div class="toolbar"><${Select} id="attribution-by" label="Credit by" value=${by} options=${options} onChange=${setBy} /></div>
    <div class="grid">${pending(report) ?? html`<${Attribution} report=${report.data} />`}</div>
  </div>`;
}
