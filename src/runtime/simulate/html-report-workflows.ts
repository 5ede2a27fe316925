import { escapeHtml } from "../../core/render";
import type { SimulationReport } from "./report-model.js";

/** The per-workflow table of the HTML report: how enrollments ended, and each conversion rate. */
export function renderWorkflows(report: SimulationReport): string {
  const heads = [
    "Workflow",
    "Enrolled",
    "Active",
    "Completed",
    "Handed off",
    "Exited",
    "Stopped",
    "Converted",
    "Failed",
    "Conversion",
  ];
  const rows = report.workflows.map((w) => {
    const cells = [
      w.enrolled,
      w.active,
      w.completed,
      w.handedOff,
      w.exited,
      w.stopped,
      w.converted,
      w.failed,
    ];
    return `<tr><th scope="row">${escapeHtml(w.workflow)}</th>${cells.map((n) => `<td>${n.toLocaleString("en-US")}</td>`).join("")}<td>${(100 * w.conversionRate).toFixed(1)}%</td></tr>`;
  });
  return `<table class="steps"><thead><tr>${heads.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
