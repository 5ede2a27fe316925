import { useState } from "preact/hooks";
import {
  creditedKeys,
  creditsOf,
  creditText,
  modelTotal,
} from "../../../../../core/reports/attribution-table";
import type { AttributionReport } from "../../../../../core/reports/report-types";
import { query } from "../api";
import { count, rate } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Select, Table } from "../ui";
import type { Period } from "./period";

/** The model shown as bars until another is picked: it credits every touch of a journey. */
const FIRST_MODEL = "linear";

function Totals(props: { report: AttributionReport }) {
  const { report } = props;
  return html`<dl class="tiles" id="attribution-totals">
    <div class="tile" data-total="conversions"><dt>Conversions</dt><dd>${count(report.conversions)}</dd></div>
    <div class="tile" data-total="revenue"><dt>Revenue</dt><dd>${creditText(report, report.revenue)}</dd></div>
  </dl>`;
}

/** One model's credits, most first: a bar per channel (or campaign) with its amount and share. */
function Bars(props: { report: AttributionReport; model: string }) {
  const { report, model } = props;
  const credits = creditsOf(report, model);
  if (!credits.length) return html`<p class="muted">${model} credits nothing in this period.</p>`;
  const most = credits[0]!.credit;
  return html`<ol class="bars" id="attribution-bars" aria-label=${`${model} credit by ${report.by}`}>
    ${credits.map(
      (credit) => html`<li data-key=${credit.key} data-credit=${credit.credit}>
        <span class="key">${credit.key}</span>
        <span class="amount">${creditText(report, credit.credit)}</span>
        <span class="rate">${rate(credit.share, 1)}</span>
        <meter min="0" max=${most} value=${credit.credit} aria-label=${`${credit.key}: ${rate(credit.share, 1)}`}></meter>
      </li>`,
    )}
  </ol>`;
}

/** Every model side by side: one row per channel (or campaign), a total row. */
function Models(props: { report: AttributionReport }) {
  const { report } = props;
  const models = Object.keys(report.models);
  const heading = report.by === "channel" ? "Channel" : "Campaign";
  const cell = (model: string, key: string) => {
    const credit = report.models[model]?.[key];
    return html`<td data-model=${model} data-credit=${credit ?? 0}>${credit === undefined ? "–" : creditText(report, credit)}</td>`;
  };
  return html`<${Table} id="attribution" caption=${`Credit by model and ${report.by}`} head=${[heading, ...models]}>
    ${creditedKeys(report).map(
      (key) =>
        html`<tr data-key=${key}><th scope="row">${key}</th>${models.map((model) => cell(model, key))}</tr>`,
    )}
    <tr class="total"><th scope="row">Total</th>${models.map((model) => html`<td>${creditText(report, modelTotal(report, model))}</td>`)}</tr>
  <//>`;
}

function Attribution(props: { report: AttributionReport; model: string; onModel: (model: string) => void }) {
  const { report, model, onModel } = props;
  const models = Object.keys(report.models);
  // The API names every model even before any has credits: no key of any model is no credit.
  const credited = creditedKeys(report).length > 0;
  const shown = models.includes(model) ? model : (models[0] ?? model);
  return html`<div class="grid">
    <${Card} title="Conversions" id="attribution-summary">
      <${Totals} report=${report} />
      <p class="muted">${report.from} to ${report.to}</p>
    <//>
    <${Card} title=${`Credit by ${report.by}`} id="attribution-credit">
      <div class="toolbar">
        <${Select} id="attribution-model" label="Model" value=${shown} options=${models.map((name) => [name, name])} onChange=${onModel} />
      </div>
      ${credited ? html`<${Bars} report=${report} model=${shown} />` : html`<p class="muted">No attribution model has credits for this period.</p>`}
    <//>
    <${Card} title="Credit by model" id="attribution-models" wide>
      ${credited ? html`<${Models} report=${report} />` : html`<p class="muted">No attribution model has credits for this period.</p>`}
    <//>
  </div>`;
}

/** The period's conversions and revenue, one model's credit as bars, and every model side by side. */
export function AttributionView(props: { period: Period }) {
  const [by, setBy] = useState("channel");
  const [model, setModel] = useState(FIRST_MODEL);
  const report = useApi<AttributionReport>(`/reports/attribution${query({ by, ...props.period })}`);
  const options: Array<[string, string]> = [
    ["channel", "Channel"],
    ["campaign", "Campaign"],
  ];
  return html`<div>
    <div class="toolbar"><${Select} id="attribution-by" label="Credit by" value=${by} options=${options} onChange=${setBy} /></div>
    ${pending(report) ?? html`<${Attribution} report=${report.data} model=${model} onModel=${setModel} />`}
  </div>`;
}
