import { escapeHtml } from "../../core/render";
import { OUTCOME_COLUMNS, type SimulationReport } from "./report-model.js";

/** The per-workflow table of the HTML report: how enrollments ended, and each conversion rate. */
export function renderWorkflows(report: SimulationReport): string {
  const heads = ["Workflow", ...OUTCOME_COLUMNS.map(([, label]) => label), "Conversion"];
  const rows = report.workflows.map((outcomes) => {
    const cells = OUTCOME_COLUMNS.map(([key]) => `<td>${outcomes[key].toLocaleString("en-US")}</td>`).join(
      "",
    );
    const rate = `<td>${(100 * outcomes.conversionRate).toFixed(1)}%</td>`;
    return `<tr><th scope="row">${escapeHtml(outcomes.workflow)}</th>${cells}${rate}</tr>`;
  });
  return `<table class="steps"><thead><tr>${heads.map((heading) => `<th scope="col">${heading}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
