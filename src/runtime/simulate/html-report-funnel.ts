import { escapeHtml } from "../../core/render";
import { num, pct, safe } from "./html-report-format.js";
import type { SimulationReport } from "./report-model.js";

/** One bar of the funnel chart. */
type FunnelBar = { label: string; count: number; kind: "enrolled" | "stage" | "handoff" | "replied" };

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const BAR_COLORS: Record<FunnelBar["kind"], string[]> = {
  enrolled: ["#334155"],
  stage: ["#4338ca", "#4f46e5", "#6366f1", "#818cf8", "#7c3aed", "#8b5cf6"],
  handoff: ["#059669"],
  replied: ["#d97706"],
};

function funnelBars(report: SimulationReport): FunnelBar[] {
  const funnel = report.funnel;
  return [
    { label: "Enrolled", count: funnel.enrolled, kind: "enrolled" },
    ...Object.entries(funnel.reachedStage).map(
      ([label, count]): FunnelBar => ({ label, count, kind: "stage" }),
    ),
    { label: "Handed off", count: funnel.handedOff, kind: "handoff" },
    { label: "Replied", count: funnel.replied, kind: "replied" },
  ];
}

/** The funnel chart: one bar per stage reached, between the enrolled and the handed off and replied. */
export function renderFunnel(report: SimulationReport): string {
  const bars = funnelBars(report);
  const enrolled = report.funnel.enrolled;
  const max = Math.max(1, ...bars.map((bar) => safe(bar.count)));
  const width = 720;
  const labelW = 170;
  const area = width - labelW - 10;
  const rowH = 40;
  const barH = 28;
  const height = bars.length * rowH + 4;
  let stageIndex = 0;
  const rows = bars.map((bar, i) => {
    const count = safe(bar.count);
    const barW = count > 0 ? Math.max(3, (count / max) * area) : 0;
    const y = i * rowH + 2;
    const palette = BAR_COLORS[bar.kind];
    const color = palette[(bar.kind === "stage" ? stageIndex++ : 0) % palette.length];
    const value = `${num(count, 0)} · ${pct(count, enrolled)}`;
    const inside = barW > area * 0.62;
    const textX = inside ? labelW + barW - 10 : labelW + barW + 8;
    const label = escapeHtml(bar.label);
    return [
      `<g class="row">`,
      `<text class="lab" x="${labelW - 12}" y="${y + barH / 2 + 5}" text-anchor="end">${escapeHtml(truncate(bar.label, 22))}</text>`,
      `<rect x="${labelW}" y="${y}" width="${area}" height="${barH}" rx="6" fill="#f1f5f9"/>`,
      `<rect class="bar" data-label="${label}" data-count="${count}" x="${labelW}" y="${y}" width="${barW.toFixed(2)}" height="${barH}" rx="6" fill="${color}"><title>${label}: ${value}</title></rect>`,
      `<text class="${inside ? "in" : "out"}" x="${textX.toFixed(2)}" y="${y + barH / 2 + 5}" text-anchor="${inside ? "end" : "start"}">${value}</text>`,
      `</g>`,
    ].join("");
  });
  const aria = bars.map((bar) => `${bar.label} ${num(safe(bar.count), 0)}`).join(", ");
  return `<svg id="funnel" role="img" aria-label="${escapeHtml(`Funnel: ${aria}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet">${rows.join("")}</svg>`;
}

/** The figures beside the funnel: contacts lost to unsubscribes and bounces. */
export function renderSideFigures(report: SimulationReport): string {
  const funnel = report.funnel;
  const fig = (cls: string, label: string, count: number) =>
    `<div class="fig ${cls}"><div class="v">${num(count, 0)}</div><div class="k">${label} · ${pct(count, funnel.enrolled)} of enrolled</div></div>`;
  return `<div class="side">${fig("unsub", "Unsubscribed", funnel.unsubscribed)}${fig("bounce", "Bounced", funnel.bounced)}</div>`;
}
