import { INVARIANTS, type InvariantName } from "../runtime/chaos/invariants";
import { OUTCOME_COLUMNS, type SimulationReport } from "../runtime/simulate/report-model";
import { bold, dim } from "./output";
import { formatFunnelReport } from "./report-text";
import { formatAttributionReport } from "./report-text-sales";

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : "–");

/** The funnel: how many of the enrolled reached each stage and outcome, as bars. */
function formatFunnel(report: SimulationReport): string[] {
  const funnel = report.funnel;
  const width = 36;
  const bar = (n: number) =>
    "█".repeat(Math.round((width * n) / Math.max(1, funnel.enrolled))).padEnd(width, "·");
  const rows: Array<[string, number]> = [
    ["enrolled", funnel.enrolled],
    ...Object.entries(funnel.reachedStage).filter(([, n]) => n > 0),
    ["handed off", funnel.handedOff],
    ["replied", funnel.replied],
    ["unsubscribed", funnel.unsubscribed],
    ["bounced", funnel.bounced],
  ];
  const { workflow, simulatedDays, seed } = report.run;
  return [
    bold(
      `Funnel (${report.contacts} prospects${workflow ? ` into ${workflow}` : ""}, ${simulatedDays} simulated days, seed ${seed})`,
    ),
    ...rows.map(
      ([label, n]) =>
        `  ${label.padEnd(13)} ${bar(n)} ${String(n).padStart(6)}  ${dim(pct(n, funnel.enrolled))}`,
    ),
  ];
}

/** The outcomes per workflow and the engagement per email step, as tables. */
function formatTables(report: SimulationReport): string[] {
  const heads = [...OUTCOME_COLUMNS.map(([, label]) => label.split(" ")[0]!.toLowerCase()), "conv %"];
  const stepHeads = ["sent", "opened", "clicked", "replied", "unsub"];
  return [
    bold("Per workflow"),
    `  ${"workflow".padEnd(22)} ${heads.map((h) => h.padStart(10)).join("")}`,
    ...report.workflows.map((row) => {
      const cells = [...OUTCOME_COLUMNS.map(([key]) => row[key]), (100 * row.conversionRate).toFixed(1)];
      return `  ${row.workflow.padEnd(22)} ${cells.map((n) => String(n).padStart(10)).join("")}`;
    }),
    "",
    bold("Per step"),
    `  ${"workflow/step".padEnd(34)} ${stepHeads.map((h) => h.padStart(8)).join("")}`,
    ...report.steps.map((step) => {
      const cells = [step.sent, step.opened, step.clicked, step.replied, step.unsubscribed]
        .map((n) => String(n).padStart(8))
        .join("");
      return `  ${`${step.workflow}/${step.step}`.padEnd(34)} ${cells}`;
    }),
  ];
}

/**
 * Each workflow's funnel from the counters the engine wrote, as `handoff report funnel` prints it
 * (the same formatter): the workflows that enrolled someone in the run.
 */
function formatWorkflowFunnels(report: SimulationReport): string[] {
  const counted = report.reports.funnels.filter((funnel) => funnel.enrolled > 0 || funnel.active > 0);
  if (counted.length === 0)
    return [dim("No enrollment counted: the workflows' counters are empty for this run.")];
  return counted.flatMap((funnel, i) => [...(i > 0 ? [""] : []), formatFunnelReport(funnel)]);
}

/** What the run used of each AWS service, per contact, and what 1,000 contacts cost. */
function formatAws(report: SimulationReport): string[] {
  const aws = report.aws;
  const each = aws.perContact;
  const cost = aws.costPer1000Contacts;
  const backend = report.run.backend === "servers" ? "dynalite + aws-ses-v2-local" : "in-memory store";
  return [
    bold("AWS usage"),
    `  Step Functions transitions ${aws.stateTransitions} (${each.stateTransitions} per contact)`,
    `  Lambda invocations         ${aws.lambdaInvocations} (${each.lambdaInvocations} per contact)`,
    `  DynamoDB read/write units  ${aws.dynamodbReadUnits} / ${aws.dynamodbWriteUnits} (${each.dynamodbReadUnits} / ${each.dynamodbWriteUnits} per contact)`,
    `  SES emails                 ${aws.sesSends} (${each.sesSends} per contact)`,
    `  Cost per 1,000 contacts    $${cost.total.toFixed(4)} = Step Functions $${cost.stepFunctions.toFixed(4)} + Lambda $${cost.lambda.toFixed(4)} + DynamoDB $${cost.dynamodb.toFixed(4)} + SES $${cost.ses.toFixed(4)}`,
    dim(`  ${backend}; ${report.run.wallSeconds} s wall time`),
  ];
}

/**
 * The funnel, the per-workflow and per-step tables, the attribution of the run's conversions by
 * channel (as `handoff report attribution` prints it) and the AWS figures of a simulation, for a terminal.
 */
export function formatSimulation(report: SimulationReport): string {
  const chaos =
    report.chaos && report.invariants ? ["", ...formatChaos(report.chaos, report.invariants)] : [];
  return [
    ...formatFunnel(report),
    "",
    ...formatTables(report),
    "",
    ...formatWorkflowFunnels(report),
    "",
    formatAttributionReport(report.reports.attribution),
    "",
    ...formatAws(report),
    ...chaos,
  ].join("\n");
}

/** The faults a chaos run injected and each invariant with its breaches. */
function formatChaos(chaos: NonNullable<SimulationReport["chaos"]>, invariants: Record<string, number>) {
  const injected = Object.entries(chaos.injected)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  const lines = [
    bold(`Chaos at rate ${chaos.rate}${chaos.ledger ? "" : " (send ledger OFF: test only)"}`),
    `  faults injected: ${injected}; dead-lettered actions: ${chaos.deadLetters}`,
    bold("Invariants (breaches)"),
  ];
  for (const [name, breaches] of Object.entries(invariants)) {
    const text = INVARIANTS[name as InvariantName] ?? name;
    lines.push(`  ${breaches === 0 ? "ok    " : "BREACH"} ${String(breaches).padStart(5)}  ${text}`);
    for (const example of chaos.examples[name] ?? []) lines.push(dim(`           e.g. ${example}`));
  }
  return lines;
}
