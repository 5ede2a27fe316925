// The bench's text output: one block per section (the command sections' in bench/report-commands.ts),
// then the targets.
import { PRICES } from "../src/runtime/prices";
import { commandLines } from "./report-commands";
import type { BenchResults } from "./results";
import { num, show } from "./stats";

const kb = (bytes: number) => `${num(bytes / 1024)} KB`;
const usd = (x: number) => `$${x.toFixed(3)}`;
/** A unit price times `n`, without floating-point dust, in cents at least: 0.025, 0.20. */
const per = (price: number, n: number) => {
  const x = Number((price * n).toPrecision(6));
  return x.toFixed(Math.max(2, (String(x).split(".")[1] ?? "").length));
};
const pad = (text: string, width: number) => text.padEnd(width);
const lpad = (text: string, width: number) => text.padStart(width);

function machineLines(results: BenchResults): string[] {
  const host = results.machine;
  return [
    `Handoff bench, ${results.startedAt} (${results.mode}; ${num(results.totalSeconds / 60, 2)} min)`,
    `machine: ${host.cpu}, ${host.cores} cores, ${host.memoryGb} GB RAM, Node ${host.node} (${host.platform} ${host.arch}); load average ${host.loadAtStart} at start, ${host.loadAtEnd} at the end`,
    `prices: src/runtime/prices.ts, checked ${results.prices.date} (${results.prices.region}, on demand, no free tier): Step Functions $${per(PRICES.stepFunctionsPerTransition, 1000)} per 1,000 transitions, Lambda $${per(PRICES.lambdaPerRequest, 1e6)} per 1M requests + $${PRICES.lambdaPerGbSecond} per GB-s (${PRICES.lambdaMemoryGb} GB, ${PRICES.lambdaAverageSeconds * 1000} ms assumed per call), DynamoDB $${per(PRICES.dynamodbPerReadUnit, 1e6)} per 1M read and $${per(PRICES.dynamodbPerWriteUnit, 1e6)} per 1M write units, SES $${per(PRICES.sesPerEmail, 1000)} per 1,000 emails`,
    `   sources: ${results.prices.sources.join(", ")}`,
  ];
}

function simulationLines(results: BenchResults): string[] {
  const simulations = results.simulations;
  if (!simulations) return [];
  const lines = [
    "",
    "1. Simulation: prospects through trial-nurture + sdr-follow-up, 30 virtual days, seed 1; each run a fresh process",
    `   command: node --max-old-space-size=${results.heapLimitMb} --import tsx bench/simulate-child.ts <contacts> <backend> (a heap limit near the RAM, bench/simulations.ts HEAP_LIMIT_MB, so that a run over 2 GB is measured, not stopped); peak RSS = its process.resourceUsage().maxRSS, the local servers' worker thread included`,
    "   wall time = the whole simulate() (start the runtime, 30 days, read the figures back, close); run loop = the 30 days alone",
    `   ${pad("backend", 8)} ${lpad("contacts", 8)}  ${pad("wall time", 28)}  ${pad("run loop", 28)}  ${pad("contacts/s", 24)}  ${pad("ms per contact", 24)}  peak RSS`,
  ];
  for (const simulation of simulations) {
    const head = `   ${pad(simulation.backend, 8)} ${lpad(simulation.contacts.toLocaleString("en-US"), 8)}  `;
    if (!simulation.wallSeconds) {
      lines.push(`${head}FAILED: ${simulation.error}`);
      continue;
    }
    lines.push(
      `${head}${pad(show(simulation.wallSeconds, "s"), 28)}  ${pad(show(simulation.runSeconds!, "s"), 28)}  ${pad(show(simulation.contactsPerSecond!, ""), 24)}  ${pad(show(simulation.msPerContact!, ""), 24)}  ${show(simulation.peakRssMb!, "MB")}` +
        (simulation.error ? `  (a later run failed: ${simulation.error})` : ""),
    );
  }
  for (const backend of ["memory", "servers"] as const) {
    const runs = simulations
      .filter((simulation) => simulation.backend === backend && simulation.wallSeconds)
      .sort((a, b) => a.contacts - b.contacts);
    for (let i = 1; i < runs.length; i++) {
      const [a, b] = [runs[i - 1]!, runs[i]!];
      lines.push(
        `   growth on ${backend}, ${a.contacts.toLocaleString("en-US")} -> ${b.contacts.toLocaleString("en-US")} contacts (x${num(b.contacts / a.contacts)}): wall time x${num(b.wallSeconds!.median / a.wallSeconds!.median)}, ms per contact x${num(b.msPerContact!.median / a.msPerContact!.median)}, peak RSS x${num(b.peakRssMb!.median / a.peakRssMb!.median)}`,
      );
    }
  }
  const first = simulations.find((simulation) => simulation.last)?.last;
  if (first) {
    const perContact = first.perContact;
    const cost = first.costPer1000Contacts;
    lines.push(
      `   per contact (${first.backend}, ${first.contacts.toLocaleString("en-US")}): ${perContact.stateTransitions} transitions, ${perContact.lambdaInvocations} Lambda calls, ${perContact.dynamodbReadUnits} read and ${perContact.dynamodbWriteUnits} write units, ${perContact.sesSends} emails; per 1,000 contacts: orchestration ${usd(cost.stepFunctions + cost.lambda + cost.dynamodb)}, total ${usd(cost.total)} with SES`,
    );
  }
  if (results.skipped.length) {
    lines.push(
      `   skipped: ${results.skipped.map((skipped) => `${skipped.contacts.toLocaleString("en-US")} on ${skipped.backend} (${skipped.why})`).join("; ")}`,
    );
    for (const skipped of results.skipped)
      lines.push(
        `     run it: npm run bench -- --only simulations --backends ${skipped.backend} --sizes ${skipped.contacts} --runs 1`,
      );
  }
  return lines;
}

function costLines(results: BenchResults): string[] {
  if (!results.costs) return [];
  const lines = [
    "",
    `2. AWS cost per 1,000 contacts, each walking the whole workflow without engaging (${results.costs[0]?.contactsRun ?? 0} contacts counted per workflow on the local runtime)`,
    "   naive = per email a send task, a Wait and a Choice (bench/naive.ts): its transitions and Lambda calls from its longest path plus the send-window holds counted for Handoff; its DynamoDB and SES use taken equal to Handoff's",
    `   ${pad("workflow", 18)} ${pad("shape", 8)} ${lpad("transitions", 11)} ${lpad("Lambda", 7)} ${lpad("GB-s", 6)} ${lpad("RRU", 6)} ${lpad("WRU", 6)} ${lpad("emails", 6)} | ${lpad("Step Fn", 7)} ${lpad("Lambda", 7)} ${lpad("DynamoDB", 8)} ${lpad("orchestr.", 9)} ${lpad("SES", 7)} ${lpad("total", 7)}`,
  ];
  for (const workflowCost of results.costs) {
    for (const [shape, use, dollars] of [
      ["Handoff", workflowCost.ours, workflowCost.oursPer1000],
      ["naive", workflowCost.naive, workflowCost.naivePer1000],
    ] as const) {
      lines.push(
        `   ${pad(shape === "Handoff" ? workflowCost.workflow : "", 18)} ${pad(shape, 8)} ${lpad(num(use.stateTransitions), 11)} ${lpad(num(use.lambdaInvocations), 7)} ${lpad(num(use.lambdaGbSeconds), 6)} ${lpad(num(use.dynamodbReadUnits), 6)} ${lpad(num(use.dynamodbWriteUnits), 6)} ${lpad(num(use.sesSends), 6)} | ${lpad(usd(dollars.stepFunctions), 7)} ${lpad(usd(dollars.lambda), 7)} ${lpad(usd(dollars.dynamodb), 8)} ${lpad(usd(dollars.orchestration), 9)} ${lpad(usd(dollars.ses), 7)} ${lpad(usd(dollars.total), 7)}`,
      );
    }
    lines.push(
      `   ${pad("", 18)} Handoff's orchestration is ${Math.round(workflowCost.orchestrationShareOfNaive * 100)}% of the naive shape's; longest static paths: Handoff ${workflowCost.path.transitions} transitions (${workflowCost.states} states), naive ${workflowCost.naivePath.transitions} (${workflowCost.naivePath.states} states), for ${workflowCost.path.emails} emails`,
    );
  }
  return lines;
}

function bundleLines(results: BenchResults): string[] {
  const bundles = results.bundles;
  if (!bundles) return [];
  const base = bundles.baseline.importMs!.median;
  const lines = [
    "",
    `3. Lambda bundles as SST bundles them (esbuild ${bundles.esbuildVersion} from sst: esm, minify, keepNames, SST's banner, stacks/bundling.ts: the secret shim; AWS SDK bundled, and again with the runtime's SDK); cold import = \`await import(bundle)\` in a fresh node process`,
    `   ${pad("bundle", 20)} ${pad("SDK", 7)} ${lpad("minified", 9)}  ${pad("cold import", 30)} ${lpad("x empty", 7)}  ${pad("node process", 28)}  largest parts`,
  ];
  const floors = [
    bundles.bare,
    bundles.baseline,
    bundles.sdkClients,
    ...(bundles.sdkClientsRuntime ? [bundles.sdkClientsRuntime] : []),
  ];
  for (const handler of [...floors, ...bundles.handlers]) {
    const name =
      handler.functions.length > 1 ? `${handler.bundle} (${handler.functions.length} fns)` : handler.bundle;
    const parts = handler.largest
      .filter((part) => part.bytes >= 0.03 * handler.bytes && part.bytes > 1024)
      .slice(0, 5)
      .map(
        (part) =>
          `${part.source} ${kb(part.bytes)}${part.importedBy && !part.importedBy.includes(".cache/") ? ` (via ${part.importedBy})` : ""}`,
      )
      .join(", ");
    lines.push(
      `   ${pad(name, 20)} ${pad(handler.sdk ?? "bundled", 7)} ${lpad(kb(handler.bytes), 9)}  ${pad(show(handler.importMs!, "ms"), 30)} ${lpad(`${num(handler.importMs!.median / base, 2)}x`, 7)}  ${pad(show(handler.processMs!, "ms"), 28)}  ${parts || "-"}`,
    );
  }
  lines.push(
    "   empty = an empty handler as every function is deployed, with the secret shim (the baseline); empty-no-shim = without it; sdk-clients-no-shim = only the step bundle's SDK clients (DynamoDB, SES, Step Functions, SQS)",
    "   SDK runtime = @aws-sdk/* and @smithy/* left out (imported from node_modules here, as from the Lambda runtime's); a package counts under the first package our code reaches it by",
  );
  return lines;
}

function partLines(results: BenchResults): string[] {
  const parts = results.parts;
  if (!parts && !results.costs) return [];
  const lines = ["", "4. Parts"];
  for (const workflowCost of results.costs ?? [])
    lines.push(
      `   compile ${pad(workflowCost.workflow, 18)} ${show(workflowCost.compileMs, "ms")} (${workflowCost.states} states)`,
    );
  if (!parts) return lines;
  lines.push(
    `   load, check, compile and asl-validate the workflows folder: ${show(parts.pipelineMs, "ms")}`,
    `   10,000 renders (${parts.renders.emails} sample emails, 100 contacts): ${show(parts.renders.msPer10k, "ms")} = ${show(parts.renders.perSecond, "renders/s")}`,
    `   events scored on dynalite (ingestEvent, ${parts.ingest.events.toLocaleString("en-US")} events, ${parts.ingest.concurrency} at a time, ${parts.ingest.contacts} contacts enrolled in trial-nurture): ${show(parts.ingest.eventsPerSecond, "events/s")}`,
    `   handoff enroll --csv, ${parts.csv.rows.toLocaleString("en-US")} rows into trial-nurture via the HTTP API on dynalite (StartExecution answered in-process): ${show(parts.csv.seconds, "s")} = ${show(parts.csv.enrollmentsPerSecond, "enrollments/s")}`,
  );
  return lines;
}

function burstLines(results: BenchResults): string[] {
  if (!results.burst?.length) return [];
  const lines = [
    "",
    `5. Burst: ${results.burst[0]!.contacts.toLocaleString("en-US")} contacts in trial-nurture whose welcome comes due at the same instant, paced at ${results.burst[0]!.perSecond} a second and unpaced (local runtime, memory, virtual clock)`,
    "   window = enrolled over the night, the welcome held to the 09:00 opening; instant = all enrolled at once inside the window",
    `   ${pad("burst", 8)} ${pad("pacing", 9)} ${lpad("sent", 7)} ${lpad("failed", 6)} ${lpad("max/s", 6)} ${lpad("mean/s", 7)} ${lpad("drain s", 8)} ${lpad("transitions", 11)} ${lpad("Lambda", 7)} ${lpad("RRU", 7)} ${lpad("WRU", 7)} ${lpad("wall s", 7)}`,
  ];
  for (const burst of results.burst) {
    for (const [label, run] of [
      [`${burst.perSecond}/s`, burst.paced],
      ["unpaced", burst.unpaced],
    ] as const) {
      lines.push(
        `   ${pad(label === "unpaced" ? "" : burst.shape, 8)} ${pad(label, 9)} ${lpad(run.sends.toLocaleString("en-US"), 7)} ${lpad(String(run.failedEnrollments), 6)} ${lpad(String(run.maxPerSecond), 6)} ${lpad(num(run.meanPerSecond), 7)} ${lpad(run.drainSeconds.toLocaleString("en-US"), 8)} ${lpad(run.stateTransitions.toLocaleString("en-US"), 11)} ${lpad(run.lambdaInvocations.toLocaleString("en-US"), 7)} ${lpad(run.dynamodbReadUnits.toLocaleString("en-US"), 7)} ${lpad(run.dynamodbWriteUnits.toLocaleString("en-US"), 7)} ${lpad(num(run.wallSeconds), 7)}`,
      );
    }
    const extra = burst.extraPerEmail;
    lines.push(
      `   ${pad("", 8)} pacing adds per email: ${num(extra.stateTransitions)} transitions, ${num(extra.lambdaInvocations)} Lambda calls, ${num(extra.dynamodbReadUnits)} read and ${num(extra.dynamodbWriteUnits)} write units = $${burst.extraCostPer1000Emails.toFixed(4)} per 1,000 emails`,
    );
  }
  return lines;
}

function transitionLines(results: BenchResults): string[] {
  if (!results.transitions?.length) return [];
  const count = (n: number) => n.toLocaleString("en-US");
  const lines = [
    "",
    "6. Step Functions transitions per email sent, counted on the local runtime (memory): every execution's states entered, sequences included, over the emails sent",
    "   simulation = the default `handoff simulate` (seed 1, 30 virtual days); window = a Mon-Fri 09:00-17:00 window in the contact's zone, contacts in the simulator's time zones enrolled over a week, none engaging, run to the end",
    "   held = entries of an `<email>: hold` state; stretched = entries of a folded email's wait state (its pause did not reach the window)",
    `   ${pad("case", 11)} ${pad("workflow", 16)} ${lpad("contacts", 8)} ${lpad("executions", 10)} ${lpad("transitions", 11)} ${lpad("emails", 7)} ${lpad("per email", 9)} ${lpad("held", 6)} ${lpad("stretched", 9)} ${lpad("wall s", 7)}`,
  ];
  for (const run of results.transitions)
    lines.push(
      `   ${pad(run.case, 11)} ${pad(run.workflow, 16)} ${lpad(count(run.contacts), 8)} ${lpad(count(run.history.executions), 10)} ${lpad(count(run.transitions), 11)} ${lpad(count(run.emailsSent), 7)} ${lpad(num(run.transitionsPerEmail), 9)} ${lpad(count(run.history.holds), 6)} ${lpad(count(run.history.stretched), 9)} ${lpad(num(run.wallSeconds), 7)}`,
    );
  return lines;
}

function targetLines(results: BenchResults): string[] {
  return [
    "",
    "Targets",
    ...results.targets.map((target) => `   ${pad(target.status, 12)} ${target.target}: ${target.measured}`),
  ];
}

export function formatResults(results: BenchResults): string {
  return [
    ...machineLines(results),
    ...simulationLines(results),
    ...costLines(results),
    ...bundleLines(results),
    ...partLines(results),
    ...burstLines(results),
    ...transitionLines(results),
    ...commandLines(results),
    ...targetLines(results),
  ].join("\n");
}
