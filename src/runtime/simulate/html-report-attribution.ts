/**
 * The HTML report's attribution section, from the run's attribution report by channel
 * (SimulationReport.reports.attribution): the conversions and revenue, then one row per channel
 * with each model's credit, its share of the model's total and a thin bar of that share.
 */
import { escapeHtml } from "../../core/render";
import { creditedKeys, creditsOf, creditText, modelTotal } from "../../core/reports/attribution-table";
import type { AttributionReport } from "../../core/reports/report-types";
import { DASH, num, pct } from "./html-report-format.js";
import type { SimulationReport } from "./report-model.js";

/** One cell: the credit (as text), its share of the model's total, and a bar as wide as the share. */
function creditCell(text: string, share: number): string {
  const width = (share * 100).toFixed(1);
  return `<td class="n credit">${text} <span class="of">${pct(share, 1)}</span><span class="track"><span class="fill" style="display:block;width:${width}%"></span></span></td>`;
}

function totals(report: AttributionReport): string {
  const fact = (label: string, value: string) => `<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return `<dl class="endings" id="attribution-totals">${fact("Conversions", num(report.conversions, 0))}${fact("Revenue", creditText(report, report.revenue))}${fact("Period", `${escapeHtml(report.from)} ${DASH} ${escapeHtml(report.to)}`)}</dl>`;
}

/** The attribution of the run's conversions: every model's credit by channel, most credited channel first. */
export function renderAttribution(report: SimulationReport): string {
  const attribution = report.reports.attribution;
  const models = Object.keys(attribution.models);
  const keys = creditedKeys(attribution);
  if (keys.length === 0)
    return `${totals(attribution)}<p class="empty">No attribution model has credits for this run.</p>`;
  const credits = new Map(
    models.map((model) => [model, new Map(creditsOf(attribution, model).map((c) => [c.key, c]))]),
  );
  const rows = keys.map((key) => {
    const cells = models.map((model) => {
      const credit = credits.get(model)?.get(key);
      return credit
        ? creditCell(creditText(attribution, credit.credit), credit.share)
        : `<td class="n empty">${DASH}</td>`;
    });
    return `<tr><td>${escapeHtml(key)}</td>${cells.join("")}</tr>`;
  });
  const head = models.map((model) => `<th scope="col" class="n">${escapeHtml(model)}</th>`).join("");
  const foot = models
    .map((model) => `<td class="n">${creditText(attribution, modelTotal(attribution, model))}</td>`)
    .join("");
  return `${totals(attribution)}<table id="attribution"><thead><tr><th scope="col">${escapeHtml(attribution.by)}</th>${head}</tr></thead><tbody>${rows.join("")}</tbody><tfoot><tr><td>All</td>${foot}</tr></tfoot></table>`;
}
