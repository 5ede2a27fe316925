import { escapeHtml } from "../../core/render";
import { renderAttribution } from "./html-report-attribution.js";
import { DASH, num, pct, safe, usd } from "./html-report-format.js";
import { renderFunnel, renderSideFigures } from "./html-report-funnel.js";
import { renderMoves, renderWorkflowFunnels } from "./html-report-reports.js";
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

function day(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : new Date(time).toISOString().slice(0, 10);
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

function stepCells(step: StepCounts): string {
  const counts = COUNT_KEYS.map((key) => `<td class="n">${num(step[key], 0)}</td>`);
  const rates = [step.opened, step.clicked, step.replied].map(
    (count) => `<td class="n rate">${pct(count, step.sent)}</td>`,
  );
  return counts.join("") + rates.join("");
}

function renderSteps(report: SimulationReport): string {
  const columns = ["Workflow", "Step", "Sent", "Opened", "Clicked", "Replied", "Unsubscribed"];
  const head = [...columns, "Open rate", "Click rate", "Reply rate"]
    .map((h, i) => `<th scope="col"${i >= 2 ? ' class="n"' : ""}>${h}</th>`)
    .join("");
  const bodies = groupByWorkflow(report.steps).map(([workflow, steps]) => {
    const rows = steps.map(
      (step, i) =>
        `<tr><td${i > 0 ? ' class="repeat"' : ""}>${escapeHtml(workflow)}</td><td><code>${escapeHtml(step.step)}</code></td>${stepCells(step)}</tr>`,
    );
    return `<tbody class="group">${rows.join("")}</tbody>`;
  });
  const total = Object.fromEntries(
    COUNT_KEYS.map((key) => [key, report.steps.reduce((sum, step) => sum + safe(step[key]), 0)]),
  ) as StepCounts;
  const after =
    report.steps.length > 0
      ? `<tfoot><tr><td colspan="2">All steps</td>${stepCells(total)}</tr></tfoot></table>`
      : `</table><p class="empty">No emails were sent in this run.</p>`;
  return `<table id="steps"><thead><tr>${head}</tr></thead>${bodies.join("")}${after}`;
}

interface AwsRow {
  service: string;
  usage: string;
  perContact: string;
  per1000: number;
}

function renderAws(report: SimulationReport): string {
  const aws = report.aws;
  const per = aws.perContact;
  const cost = aws.costPer1000Contacts;
  const contacts = safe(report.contacts);
  /** One service's row: its usage in the run and per contact, and its cost per 1,000 contacts. */
  const row = ({ service, usage, perContact, per1000 }: AwsRow) =>
    `<tr><td>${service}</td><td class="n">${usage}</td><td class="n">${perContact}</td>` +
    `<td class="n">${usd(per1000 / 1000)}</td><td class="n">${usd(per1000)}</td><td class="n">${usd((per1000 * contacts) / 1000)}</td></tr>`;
  const units = (read: number, write: number) => `${num(read)} read / ${num(write)} write`;
  return [
    `<table id="aws"><thead><tr><th scope="col">Service</th><th scope="col" class="n">Usage (run)</th><th scope="col" class="n">Usage per contact</th>`,
    `<th scope="col" class="n">Cost per contact</th><th scope="col" class="n">Cost per 1,000 contacts</th><th scope="col" class="n">Cost of this run</th></tr></thead><tbody>`,
    row({
      service: "Step Functions",
      usage: `${num(aws.stateTransitions)} transitions`,
      perContact: num(per.stateTransitions),
      per1000: cost.stepFunctions,
    }),
    row({
      service: "Lambda",
      usage: `${num(aws.lambdaInvocations)} invocations`,
      perContact: num(per.lambdaInvocations),
      per1000: cost.lambda,
    }),
    row({
      service: "DynamoDB",
      usage: units(aws.dynamodbReadUnits, aws.dynamodbWriteUnits),
      perContact: units(per.dynamodbReadUnits, per.dynamodbWriteUnits),
      per1000: cost.dynamodb,
    }),
    row({
      service: "SES",
      usage: `${num(aws.sesSends)} emails`,
      perContact: num(per.sesSends),
      per1000: cost.ses,
    }),
    `</tbody><tfoot>${row({ service: "Total", usage: "", perContact: "", per1000: cost.total })}</tfoot></table>`,
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

function renderFacts(report: SimulationReport): string {
  const run = report.run;
  const fact = (name: string, value: string) => `<div><dt>${name}</dt><dd>${value}</dd></div>`;
  const enrollments = Object.entries(run.enrollments)
    .map(([workflow, count]) => `${escapeHtml(workflow)} ${num(count, 0)}`)
    .join(", ");
  return [
    fact("Contacts", num(report.contacts, 0)),
    fact("Seed", escapeHtml(String(run.seed))),
    fact("Backend", escapeHtml(run.backend)),
    fact("Simulated days", num(run.simulatedDays, 1)),
    fact("Period", `${escapeHtml(day(run.start))} ${DASH} ${escapeHtml(day(run.end))}`),
    fact("Wall time", `${num(run.wallSeconds, 1)} s`),
    fact("Enrollments", enrollments),
  ].join("");
}

function renderKpis(report: SimulationReport): string {
  const funnel = report.funnel;
  const kpi = (value: string, label: string) =>
    `<div class="kpi"><div class="v">${value}</div><div class="k">${label}</div></div>`;
  return [
    kpi(num(report.emailsSent, 0), "Emails sent"),
    kpi(num(report.handoffs, 0), `Handoffs to sales · ${pct(funnel.handedOff, funnel.enrolled)}`),
    kpi(num(funnel.replied, 0), `Replied · ${pct(funnel.replied, funnel.enrolled)}`),
    kpi(usd(report.aws.costPer1000Contacts.total), "AWS cost per 1,000 contacts"),
  ].join("\n");
}

/** The report's sections, in page order: each a heading, a lead sentence and its figure or table. */
const SECTIONS: ReadonlyArray<{
  id: string;
  heading: string;
  lead: string;
  /** The class of the figure's wrapper: the funnel sits beside its side figures, tables scroll. */
  wrap: "funnel-wrap" | "scroll";
  render: (report: SimulationReport) => string;
}> = [
  {
    id: "funnel-section",
    heading: "Funnel",
    lead: "Contacts that reached each stage during the run, as a share of enrolled contacts.",
    wrap: "funnel-wrap",
    render: (report) => `${renderFunnel(report)}${renderSideFigures(report)}`,
  },
  {
    id: "workflow-funnels-section",
    heading: "Funnel per workflow",
    lead: "From the counters the engine writes, as <code>handoff report funnel</code> and the dashboard show them: how enrollments ended, emails per day, and each email step with its link clicks.",
    wrap: "scroll",
    render: renderWorkflowFunnels,
  },
  {
    id: "steps-section",
    heading: "Emails by step",
    lead: "Rates are a share of emails sent by the step.",
    wrap: "scroll",
    render: renderSteps,
  },
  {
    id: "workflows-section",
    heading: "Workflows",
    lead: "How each workflow's enrollments ended; the conversion rate counts those that reached its goal.",
    wrap: "scroll",
    render: renderWorkflows,
  },
  {
    id: "aws-section",
    heading: "AWS usage and cost",
    lead: "What running this simulation on AWS would use and cost.",
    wrap: "scroll",
    render: renderAws,
  },
  {
    id: "stages-section",
    heading: "Where contacts ended up",
    lead: "Stage of each contact at the end of the run.",
    wrap: "scroll",
    render: renderStages,
  },
  {
    id: "moves-section",
    heading: "Stage moves",
    lead: "Moves between stages during the run, from the stage counters (<code>handoff report stages</code>).",
    wrap: "scroll",
    render: renderMoves,
  },
  {
    id: "attribution-section",
    heading: "Attribution",
    lead: "The run's conversions and revenue, and each model's credit by channel with its share of the model's total, from the attribution counters (<code>handoff report attribution</code>).",
    wrap: "scroll",
    render: renderAttribution,
  },
];

function renderSections(report: SimulationReport): string {
  return SECTIONS.map(
    (section) =>
      `<section id="${section.id}">\n<h2>${section.heading}</h2>\n<p class="lead">${section.lead}</p>\n<div class="${section.wrap}">${section.render(report)}</div>\n</section>`,
  ).join("\n");
}

/** Renders a simulation report as one self-contained, printable HTML page (inline CSS and SVG, no scripts). */
export function renderHtmlReport(report: SimulationReport, options: HtmlReportOptions = {}): string {
  const title = options.title ?? "Handoff simulation";
  const run = report.run;
  const workflows = options.workflowsLabel ?? run.workflow ?? "all workflows";
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
<dl class="facts">${renderFacts(report)}</dl>
</header>
<div class="kpis">
${renderKpis(report)}
</div>
${renderSections(report)}
<footer>Generated by Handoff · ${num(run.slackPosts, 0)} Slack posts · ${num(run.failedEnrollments, 0)} failed enrollments</footer>
</main>
</body>
</html>
`;
}
