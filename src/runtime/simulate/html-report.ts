import type { SimulationReport, StepFigures } from "./report-model.js";

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** Page title and main heading; "Handoff simulation" by default. */
  title?: string;
  /** What was simulated, e.g. "welcome, nurture" (defaults to `run.workflow`, else "all workflows"). */
  workflowsLabel?: string;
}

/** One bar of the funnel chart. */
type FunnelBar = { label: string; count: number; kind: "enrolled" | "stage" | "handoff" | "replied" };

const DASH = "–";

/** Escapes text for use in HTML element content and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const safe = (n: number): number => (Number.isFinite(n) ? n : 0);
const num = (n: number, decimals = 2): string =>
  safe(n).toLocaleString("en-US", { maximumFractionDigits: decimals });
const usd = (n: number): string =>
  n > 0 && n < 0.00005
    ? "&lt;$0.0001"
    : `$${safe(n).toLocaleString("en-US", { minimumFractionDigits: 4, maximumFractionDigits: 4 })}`;
const pct = (part: number, whole: number): string =>
  whole > 0 ? `${((safe(part) / whole) * 100).toFixed(1)}%` : DASH;

function day(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 10);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const CSS = `
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--soft:#f8fafc;--brand:#4f46e5;--ok:#059669;--warn:#d97706;--bad:#dc2626}
*{box-sizing:border-box}
body{margin:0;background:#f1f5f9;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:28px 24px 40px}
header.hero{background:linear-gradient(135deg,#312e81,#4f46e5 55%,#0ea5e9);color:#fff;border-radius:16px;padding:26px 30px;margin-bottom:22px}
header.hero h1{margin:0 0 4px;font-size:28px;letter-spacing:-.01em}
header.hero .sub{margin:0;opacity:.85}
.facts{display:flex;flex-wrap:wrap;gap:6px 22px;margin:16px 0 0;padding:0}
.facts div{display:flex;gap:6px}.facts dt{opacity:.75}.facts dd{margin:0;font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:14px;margin-bottom:22px}
.kpi{background:#fff;border-radius:12px;padding:14px 18px;box-shadow:0 1px 2px rgba(15,23,42,.06)}
.kpi .v{font-size:26px;font-weight:700;font-variant-numeric:tabular-nums}.kpi .k{color:var(--muted);font-size:13px}
section{background:#fff;border-radius:14px;padding:20px 24px;margin-bottom:22px;box-shadow:0 1px 2px rgba(15,23,42,.06);break-inside:avoid}
section h2{margin:0 0 4px;font-size:19px}section p.lead{margin:0 0 14px;color:var(--muted);font-size:13.5px}
.funnel-wrap{display:flex;gap:20px;align-items:flex-start}
#funnel{flex:1;min-width:0;width:100%;height:auto;display:block}
#funnel text{font-size:13px;fill:var(--ink)}#funnel text.lab{font-weight:600}#funnel text.in{fill:#fff;font-weight:600}
.side{display:flex;flex-direction:column;gap:12px;min-width:150px}
.side .fig{border:1px solid var(--line);border-radius:10px;padding:10px 14px}
.side .fig .v{font-size:20px;font-weight:700;font-variant-numeric:tabular-nums}.side .fig .k{font-size:12.5px;color:var(--muted)}
.side .unsub .v{color:var(--warn)}.side .bounce .v{color:var(--bad)}
table{width:100%;border-collapse:collapse;font-size:13.5px}
th,td{padding:7px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
thead th{background:var(--soft);color:var(--muted);font-weight:600;font-size:11.5px;text-transform:uppercase;letter-spacing:.02em;vertical-align:bottom}
.scroll{overflow-x:auto}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}td.n,#aws td:first-child{white-space:nowrap}
td.rate{color:var(--brand);font-weight:600}
tbody.group tr:first-child td{border-top:2px solid var(--line)}
td.repeat{color:#b6bcc6}
tfoot td{font-weight:700;background:var(--soft)}
code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 5px;border-radius:4px}
.share{display:flex;align-items:center;gap:8px;justify-content:flex-end}
.share .track{width:120px;height:8px;background:var(--line);border-radius:4px;overflow:hidden}
.share .fill{height:100%;background:var(--brand)}
.note{font-size:12.5px;color:var(--muted);margin:12px 0 0}
.empty{color:var(--muted);font-style:italic}
footer{color:var(--muted);font-size:12px;text-align:center}
#stages{max-width:620px}
@media (max-width:720px){.kpis{grid-template-columns:repeat(2,1fr)}.funnel-wrap{flex-direction:column}.side{flex-direction:row;flex-wrap:wrap}.share .track{width:60px}}
@page{margin:14mm}
@media print{body{background:#fff;font-size:12px}main{padding:0;max-width:none}section,.kpi{box-shadow:none;border:1px solid var(--line)}
header.hero{-webkit-print-color-adjust:exact;print-color-adjust:exact}.fill,#funnel{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

const BAR_COLORS: Record<FunnelBar["kind"], string[]> = {
  enrolled: ["#334155"],
  stage: ["#4338ca", "#4f46e5", "#6366f1", "#818cf8", "#7c3aed", "#8b5cf6"],
  handoff: ["#059669"],
  replied: ["#d97706"],
};

function funnelBars(report: SimulationReport): FunnelBar[] {
  const f = report.funnel;
  return [
    { label: "Enrolled", count: f.enrolled, kind: "enrolled" },
    ...Object.entries(f.reachedStage).map(([label, count]): FunnelBar => ({ label, count, kind: "stage" })),
    { label: "Handed off", count: f.handedOff, kind: "handoff" },
    { label: "Replied", count: f.replied, kind: "replied" },
  ];
}

function renderFunnel(report: SimulationReport): string {
  const bars = funnelBars(report);
  const enrolled = report.funnel.enrolled;
  const max = Math.max(1, ...bars.map((b) => safe(b.count)));
  const width = 720;
  const labelW = 170;
  const area = width - labelW - 10;
  const rowH = 40;
  const barH = 28;
  const height = bars.length * rowH + 4;
  let stageIndex = 0;
  const rows = bars.map((bar, i) => {
    const count = safe(bar.count);
    const w = count > 0 ? Math.max(3, (count / max) * area) : 0;
    const y = i * rowH + 2;
    const palette = BAR_COLORS[bar.kind];
    const color = palette[(bar.kind === "stage" ? stageIndex++ : 0) % palette.length];
    const value = `${num(count, 0)} · ${pct(count, enrolled)}`;
    const inside = w > area * 0.62;
    const textX = inside ? labelW + w - 10 : labelW + w + 8;
    const label = escapeHtml(bar.label);
    return [
      `<g class="row">`,
      `<text class="lab" x="${labelW - 12}" y="${y + barH / 2 + 5}" text-anchor="end">${escapeHtml(truncate(bar.label, 22))}</text>`,
      `<rect x="${labelW}" y="${y}" width="${area}" height="${barH}" rx="6" fill="#f1f5f9"/>`,
      `<rect class="bar" data-label="${label}" data-count="${count}" x="${labelW}" y="${y}" width="${w.toFixed(2)}" height="${barH}" rx="6" fill="${color}"><title>${label}: ${value}</title></rect>`,
      `<text class="${inside ? "in" : "out"}" x="${textX.toFixed(2)}" y="${y + barH / 2 + 5}" text-anchor="${inside ? "end" : "start"}">${value}</text>`,
      `</g>`,
    ].join("");
  });
  const aria = bars.map((b) => `${b.label} ${num(safe(b.count), 0)}`).join(", ");
  return `<svg id="funnel" role="img" aria-label="${escapeHtml(`Funnel: ${aria}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMinYMin meet">${rows.join("")}</svg>`;
}

function renderSideFigures(report: SimulationReport): string {
  const f = report.funnel;
  const fig = (cls: string, label: string, count: number) =>
    `<div class="fig ${cls}"><div class="v">${num(count, 0)}</div><div class="k">${label} · ${pct(count, f.enrolled)} of enrolled</div></div>`;
  return `<div class="side">${fig("unsub", "Unsubscribed", f.unsubscribed)}${fig("bounce", "Bounced", f.bounced)}</div>`;
}

function groupByWorkflow(steps: StepFigures[]): [string, StepFigures[]][] {
  const groups = new Map<string, StepFigures[]>();
  for (const step of steps) {
    const group = groups.get(step.workflow);
    if (group) group.push(step);
    else groups.set(step.workflow, [step]);
  }
  return [...groups.entries()];
}

const COUNT_KEYS = ["sent", "opened", "clicked", "replied", "unsubscribed"] as const;
type StepCounts = Pick<StepFigures, (typeof COUNT_KEYS)[number]>;

function stepCells(s: StepCounts): string {
  const counts = COUNT_KEYS.map((key) => `<td class="n">${num(s[key], 0)}</td>`);
  const rates = [s.opened, s.clicked, s.replied].map((n) => `<td class="n rate">${pct(n, s.sent)}</td>`);
  return counts.join("") + rates.join("");
}

function renderSteps(report: SimulationReport): string {
  const columns = ["Workflow", "Step", "Sent", "Opened", "Clicked", "Replied", "Unsubscribed"];
  const head = [...columns, "Open rate", "Click rate", "Reply rate"]
    .map((h, i) => `<th scope="col"${i >= 2 ? ' class="n"' : ""}>${h}</th>`)
    .join("");
  const bodies = groupByWorkflow(report.steps).map(([workflow, steps]) => {
    const rows = steps.map(
      (s, i) =>
        `<tr><td${i > 0 ? ' class="repeat"' : ""}>${escapeHtml(workflow)}</td><td><code>${escapeHtml(s.step)}</code></td>${stepCells(s)}</tr>`,
    );
    return `<tbody class="group">${rows.join("")}</tbody>`;
  });
  const total = Object.fromEntries(
    COUNT_KEYS.map((key) => [key, report.steps.reduce((acc, s) => acc + safe(s[key]), 0)]),
  ) as StepCounts;
  const after =
    report.steps.length > 0
      ? `<tfoot><tr><td colspan="2">All steps</td>${stepCells(total)}</tr></tfoot></table>`
      : `</table><p class="empty">No emails were sent in this run.</p>`;
  return `<table id="steps"><thead><tr>${head}</tr></thead>${bodies.join("")}${after}`;
}

function renderAws(report: SimulationReport): string {
  const aws = report.aws;
  const per = aws.perContact;
  const cost = aws.costPer1000Contacts;
  const contacts = safe(report.contacts);
  const row = (service: string, usage: string, perContact: string, per1000: number) =>
    `<tr><td>${service}</td><td class="n">${usage}</td><td class="n">${perContact}</td>` +
    `<td class="n">${usd(per1000 / 1000)}</td><td class="n">${usd(per1000)}</td><td class="n">${usd((per1000 * contacts) / 1000)}</td></tr>`;
  const rw = (r: number, w: number) => `${num(r)} read / ${num(w)} write`;
  return [
    `<table id="aws"><thead><tr><th scope="col">Service</th><th scope="col" class="n">Usage (run)</th><th scope="col" class="n">Usage per contact</th>`,
    `<th scope="col" class="n">Cost per contact</th><th scope="col" class="n">Cost per 1,000 contacts</th><th scope="col" class="n">Cost of this run</th></tr></thead><tbody>`,
    row(
      "Step Functions",
      `${num(aws.stateTransitions)} transitions`,
      num(per.stateTransitions),
      cost.stepFunctions,
    ),
    row("Lambda", `${num(aws.lambdaInvocations)} invocations`, num(per.lambdaInvocations), cost.lambda),
    row(
      "DynamoDB",
      rw(aws.dynamodbReadUnits, aws.dynamodbWriteUnits),
      rw(per.dynamodbReadUnits, per.dynamodbWriteUnits),
      cost.dynamodb,
    ),
    row("SES", `${num(aws.sesSends)} emails`, num(per.sesSends), cost.ses),
    `</tbody><tfoot>${row("Total", "", "", cost.total)}</tfoot></table>`,
    `<p class="note">Amounts in US dollars. DynamoDB read and write units are estimated from item sizes; `,
    `prices come from <code>src/runtime/prices.ts</code>. Free tiers are not deducted.</p>`,
  ].join("");
}

function renderStages(report: SimulationReport): string {
  const order = [...Object.keys(report.funnel.reachedStage)];
  for (const stage of Object.keys(report.stages)) if (!order.includes(stage)) order.push(stage);
  const known = order.filter((stage) => stage in report.stages);
  const total = known.reduce((acc, stage) => acc + safe(report.stages[stage] ?? 0), 0);
  const rows = known.map((stage) => {
    const count = safe(report.stages[stage] ?? 0);
    const share = total > 0 ? (count / total) * 100 : 0;
    return `<tr><td>${escapeHtml(stage)}</td><td class="n">${num(count, 0)}</td><td class="n"><div class="share"><span>${pct(count, total)}</span><span class="track"><span class="fill" style="display:block;width:${share.toFixed(1)}%"></span></span></div></td></tr>`;
  });
  const body = rows.length > 0 ? rows.join("") : `<tr><td colspan="3" class="empty">No stages.</td></tr>`;
  return `<table id="stages"><thead><tr><th scope="col">Stage</th><th scope="col" class="n">Contacts</th><th scope="col" class="n">Share</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** Renders a simulation report as one self-contained, printable HTML page (inline CSS and SVG, no scripts). */
export function renderHtmlReport(report: SimulationReport, options: HtmlReportOptions = {}): string {
  const title = options.title ?? "Handoff simulation";
  const run = report.run;
  const workflows = options.workflowsLabel ?? run.workflow ?? "all workflows";
  const fact = (k: string, v: string) => `<div><dt>${k}</dt><dd>${v}</dd></div>`;
  const facts = [
    fact("Contacts", num(report.contacts, 0)),
    fact("Seed", escapeHtml(run.seed)),
    fact("Backend", escapeHtml(run.backend)),
    fact("Simulated days", num(run.simulatedDays, 1)),
    fact("Period", `${escapeHtml(day(run.start))} ${DASH} ${escapeHtml(day(run.end))}`),
    fact("Wall time", `${num(run.wallSeconds, 1)} s`),
  ];
  const kpi = (v: string, k: string) =>
    `<div class="kpi"><div class="v">${v}</div><div class="k">${k}</div></div>`;
  const f = report.funnel;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="handoff">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="hero">
<h1>${escapeHtml(title)}</h1>
<p class="sub">Simulated run of ${escapeHtml(workflows)}</p>
<dl class="facts">${facts.join("")}</dl>
</header>
<div class="kpis">
${kpi(num(report.emailsSent, 0), "Emails sent")}
${kpi(num(report.handoffs, 0), `Handoffs to sales · ${pct(f.handedOff, f.enrolled)}`)}
${kpi(num(f.replied, 0), `Replied · ${pct(f.replied, f.enrolled)}`)}
${kpi(usd(report.aws.costPer1000Contacts.total), "AWS cost per 1,000 contacts")}
</div>
<section id="funnel-section">
<h2>Funnel</h2>
<p class="lead">Contacts that reached each stage during the run, as a share of enrolled contacts.</p>
<div class="funnel-wrap">${renderFunnel(report)}${renderSideFigures(report)}</div>
</section>
<section id="steps-section">
<h2>Emails by step</h2>
<p class="lead">Rates are a share of emails sent by the step.</p>
<div class="scroll">${renderSteps(report)}</div>
</section>
<section id="aws-section">
<h2>AWS usage and cost</h2>
<p class="lead">What running this simulation on AWS would use and cost.</p>
<div class="scroll">${renderAws(report)}</div>
</section>
<section id="stages-section">
<h2>Where contacts ended up</h2>
<p class="lead">Stage of each contact at the end of the run.</p>
<div class="scroll">${renderStages(report)}</div>
</section>
<footer>Generated by Handoff · ${num(run.slackPosts, 0)} Slack posts · ${num(run.failedEnrollments, 0)} failed enrollments</footer>
</main>
</body>
</html>
`;
}
