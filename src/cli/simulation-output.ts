import { INVARIANTS, type InvariantName } from "../runtime/chaos/invariants";
import { OUTCOME_COLUMNS, type SimulationReport } from "../runtime/simulate/report-model";
import { bold, dim } from "./output";

const pct = (n: number, of: number) => (of ? `${((100 * n) / of).toFixed(1)}%` : "–");

/** The funnel, the per-step table and the AWS figures of a simulation, for a terminal. */
export function formatSimulation(report: SimulationReport): string {
  const f = report.funnel;
  const width = 36;
  const bar = (n: number) => "█".repeat(Math.round((width * n) / Math.max(1, f.enrolled))).padEnd(width, "·");
  const rows: Array<[string, number]> = [
    ["enrolled", f.enrolled],
    ...Object.entries(f.reachedStage).filter(([, n]) => n > 0),
    ["handed off", f.handedOff],
    ["replied", f.replied],
    ["unsubscribed", f.unsubscribed],
    ["bounced", f.bounced],
  ];
  const lines = [
    bold(
      `Funnel (${report.contacts} prospects${report.run.workflow ? ` into ${report.run.workflow}` : ""}, ${report.run.simulatedDays} simulated days, seed ${report.run.seed})`,
    ),
  ];
  for (const [label, n] of rows)
    lines.push(`  ${label.padEnd(13)} ${bar(n)} ${String(n).padStart(6)}  ${dim(pct(n, f.enrolled))}`);
  lines.push("", bold("Per workflow"));
  const heads = [...OUTCOME_COLUMNS.map(([, label]) => label.split(" ")[0]!.toLowerCase()), "conv %"];
  lines.push(`  ${"workflow".padEnd(22)} ${heads.map((h) => h.padStart(10)).join("")}`);
  for (const w of report.workflows) {
    const cells = [...OUTCOME_COLUMNS.map(([key]) => w[key]), (100 * w.conversionRate).toFixed(1)];
    lines.push(`  ${w.workflow.padEnd(22)} ${cells.map((n) => String(n).padStart(10)).join("")}`);
  }
  lines.push("", bold("Per step"));
  lines.push(
    `  ${"workflow/step".padEnd(34)} ${["sent", "opened", "clicked", "replied", "unsub"].map((h) => h.padStart(8)).join("")}`,
  );
  for (const s of report.steps) {
    const cells = [s.sent, s.opened, s.clicked, s.replied, s.unsubscribed]
      .map((n) => String(n).padStart(8))
      .join("");
    lines.push(`  ${`${s.workflow}/${s.step}`.padEnd(34)} ${cells}`);
  }
  const a = report.aws;
  const c = a.costPer1000Contacts;
  lines.push("", bold("AWS usage"));
  lines.push(
    `  Step Functions transitions ${a.stateTransitions} (${a.perContact.stateTransitions} per contact)`,
  );
  lines.push(
    `  Lambda invocations         ${a.lambdaInvocations} (${a.perContact.lambdaInvocations} per contact)`,
  );
  lines.push(
    `  DynamoDB read/write units  ${a.dynamodbReadUnits} / ${a.dynamodbWriteUnits} (${a.perContact.dynamodbReadUnits} / ${a.perContact.dynamodbWriteUnits} per contact)`,
  );
  lines.push(`  SES emails                 ${a.sesSends} (${a.perContact.sesSends} per contact)`);
  lines.push(
    `  Cost per 1,000 contacts    $${c.total.toFixed(4)} = Step Functions $${c.stepFunctions.toFixed(4)} + Lambda $${c.lambda.toFixed(4)} + DynamoDB $${c.dynamodb.toFixed(4)} + SES $${c.ses.toFixed(4)}`,
  );
  lines.push(
    dim(
      `  ${report.run.backend === "servers" ? "dynalite + aws-ses-v2-local" : "in-memory store"}; ${report.run.wallSeconds} s wall time`,
    ),
  );
  if (report.chaos && report.invariants) lines.push("", ...formatChaos(report.chaos, report.invariants));
  return lines.join("\n");
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
