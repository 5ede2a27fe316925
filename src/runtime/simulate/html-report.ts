import { escapeHtml } from "../../core/render";
import { REPORT_CSS } from "./html-report-style.js";
import { renderWorkflows } from "./html-report-workflows.js";
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
    fact("Seed", escapeHtml(String(run.seed))),
    fact("Backend", escapeHtml(run.backend)),
    fact("Simulated days", num(run.simulatedDays, 1)),
    fact("Period", `${escapeHtml(day(run.start))} ${DASH} ${escapeHtml(day(run.end))}`),
    fact("Wall time", `${num(run.wallSeconds, 1)} s`),
    fact(
      "Enrollments",
      Object.entries(run.enrollments)
        .map(([w, n]) => `${escapeHtml(w)} ${num(n, 0)}`)
        .join(", "),
    ),
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
<style>${REPORT_CSS}</style>
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
<section id="workflows-section">
<h2>Workflows</h2>
<p class="lead">How each workflow's enrollments ended; the conversion rate counts those that reached its goal.</p>
<div class="scroll">${renderWorkflows(report)}</div>
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
