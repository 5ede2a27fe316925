/**
 * The HTML report's sections drawn from the read API's report model (SimulationReport.reports):
 * each workflow's funnel (its endings, a daily chart as inline SVG, its email steps with per-link
 * clicks) and the stage moves: what `handoff report funnel|stages` print and the dashboard shows.
 */
import { escapeHtml } from "../../core/render";
import {
  type DailyFunnel,
  EMAIL_METRICS,
  ENDINGS,
  type EndingName,
  type FunnelReport,
  type StepFunnel,
} from "../../core/reports/report-types";
import { num, pct, safe } from "./html-report-format.js";
import { ENDING_LABELS, type SimulationReport } from "./report-model.js";

/** Emails sent each day as bars, the opened ones drawn over them; one `<rect class="day">` a day. */
export function renderDailyChart(workflow: string, daily: readonly DailyFunnel[]): string {
  const width = 720;
  const height = 150;
  const left = 40;
  const bottom = 20;
  const plotH = height - bottom - 8;
  const max = Math.max(1, ...daily.map((day) => safe(day.sent)));
  const slot = (width - left) / Math.max(1, daily.length);
  const barW = Math.max(1, slot * 0.7);
  const heightOf = (n: number) => (safe(n) / max) * plotH;
  const bars = daily.map((day, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const tip = `${day.date}: ${num(day.sent, 0)} sent, ${num(day.opened, 0)} opened, ${num(day.clicked, 0)} clicked, ${num(day.replied, 0)} replied, ${num(day.handedOff, 0)} handed off`;
    return [
      `<rect class="day" data-date="${day.date}" data-sent="${safe(day.sent)}" x="${x.toFixed(2)}" y="${(height - bottom - heightOf(day.sent)).toFixed(2)}" width="${barW.toFixed(2)}" height="${heightOf(day.sent).toFixed(2)}" fill="#c7d2fe"><title>${tip}</title></rect>`,
      `<rect class="opened" x="${x.toFixed(2)}" y="${(height - bottom - heightOf(day.opened)).toFixed(2)}" width="${barW.toFixed(2)}" height="${heightOf(day.opened).toFixed(2)}" fill="#4f46e5"><title>${tip}</title></rect>`,
    ].join("");
  });
  const first = daily[0]?.date ?? "";
  const last = daily.at(-1)?.date ?? "";
  const axis = [
    `<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#cbd5e1"/>`,
    `<text x="${left - 6}" y="14" text-anchor="end">${num(max, 0)}</text>`,
    `<text x="${left - 6}" y="${height - bottom}" text-anchor="end">0</text>`,
    `<text x="${left}" y="${height - 4}">${first}</text>`,
    `<text x="${width}" y="${height - 4}" text-anchor="end">${last}</text>`,
  ];
  const label = `Emails sent and opened per day in ${workflow}, ${first} to ${last}`;
  return `<svg class="daily" role="img" aria-label="${escapeHtml(label)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet">${axis.join("")}${bars.join("")}</svg><p class="note"><span class="key sent"></span> sent <span class="key opened"></span> opened</p>`;
}

function endingsRow(funnel: FunnelReport): string {
  const cells = [
    ["Enrolled", funnel.enrolled],
    ["Active now", funnel.active],
    ...(Object.keys(ENDINGS) as EndingName[]).map(
      (ending) => [ENDING_LABELS[ending], funnel[ending]] as const,
    ),
  ] as const;
  return `<dl class="endings">${cells
    .map(
      ([label, count]) =>
        `<div><dt>${label}</dt><dd>${num(count, 0)}${label === "Enrolled" ? "" : ` <span>${pct(count, funnel.enrolled)}</span>`}</dd></div>`,
    )
    .join("")}</dl>`;
}

function linksOf(step: StepFunnel): string {
  const links = Object.entries(step.links).sort(([, a], [, b]) => b - a);
  if (links.length === 0) return `<span class="empty">none</span>`;
  return links
    .map(([tag, clicks]) => `<code>${escapeHtml(tag)}</code> ${num(clicks, 0)} (${pct(clicks, step.sent)})`)
    .join("<br>");
}

/** The email steps of a funnel: counts, open/click/reply rates (of sent) and each link's clicks. */
function funnelSteps(funnel: FunnelReport): string {
  if (funnel.steps.length === 0) return `<p class="empty">This workflow sends no email.</p>`;
  const heads = ["Step", ...EMAIL_METRICS, "Open rate", "Click rate", "Reply rate", "Link clicks"];
  const rows = funnel.steps.map((step) => {
    const counts = EMAIL_METRICS.map((key) => `<td class="n">${num(step[key], 0)}</td>`).join("");
    const rates = [step.opened, step.clicked, step.replied]
      .map((count) => `<td class="n rate">${pct(count, step.sent)}</td>`)
      .join("");
    return `<tr><td><code>${escapeHtml(step.step)}</code></td>${counts}${rates}<td class="links">${linksOf(step)}</td></tr>`;
  });
  const head = heads
    .map((h, i) => `<th scope="col"${i > 0 && i < heads.length - 1 ? ' class="n"' : ""}>${h}</th>`)
    .join("");
  return `<div class="scroll"><table class="funnel-steps"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** Each workflow that enrolled someone in the run: its endings, its days and its email steps. */
export function renderWorkflowFunnels(report: SimulationReport): string {
  const shown = report.reports.funnels.filter((funnel) => funnel.enrolled > 0 || funnel.active > 0);
  if (shown.length === 0)
    return `<p class="empty">No enrollment was counted: the workflows' counters are empty for this run.</p>`;
  return shown
    .map(
      (funnel) =>
        `<article class="workflow-funnel" data-workflow="${escapeHtml(funnel.workflow)}"><h3>${escapeHtml(funnel.workflow)} <small>${funnel.from} – ${funnel.to}</small></h3>${endingsRow(funnel)}${renderDailyChart(funnel.workflow, funnel.daily)}${funnelSteps(funnel)}</article>`,
    )
    .join("");
}

/** The stage moves of the run, most frequent first; a contact's first stage comes from "(new)". */
export function renderMoves(report: SimulationReport): string {
  const moves = report.reports.stages.moves;
  if (moves.length === 0) return `<p class="empty">No stage move was counted in this run.</p>`;
  const rows = moves.map(
    (move) =>
      `<tr><td>${escapeHtml(move.from ?? "(new)")}</td><td>${escapeHtml(move.to)}</td><td class="n">${num(move.count, 0)}</td></tr>`,
  );
  return `<table id="moves"><thead><tr><th scope="col">From</th><th scope="col">To</th><th scope="col" class="n">Contacts</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
