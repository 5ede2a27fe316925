// The bench's text output: one block per section, then the targets.
import { PRICES } from "../src/runtime/prices";
import type { BenchResults } from "./results";
import { num, show } from "./stats";

const kb = (bytes: number) => `${num(bytes / 1024)} KB`;
const usd = (x: number) => `$${x.toFixed(3)}`;
/** A unit price times `n`, without floating-point dust, in cents at least: 0.025, 0.20. */
const per = (price: number, n: number) => {
  const x = Number((price * n).toPrecision(6));
  return x.toFixed(Math.max(2, (String(x).split(".")[1] ?? "").length));
};
const pad = (s: string, n: number) => s.padEnd(n);
const lpad = (s: string, n: number) => s.padStart(n);

function machineLines(r: BenchResults): string[] {
  const m = r.machine;
  return [
    `Handoff bench, ${r.startedAt} (${r.mode}; ${num(r.totalSeconds / 60, 2)} min)`,
    `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node} (${m.platform} ${m.arch}); load average ${m.loadAtStart} at start, ${m.loadAtEnd} at the end`,
    `prices: src/runtime/prices.ts, checked ${r.prices.date} (${r.prices.region}, on demand, no free tier): Step Functions $${per(PRICES.stepFunctionsPerTransition, 1000)} per 1,000 transitions, Lambda $${per(PRICES.lambdaPerRequest, 1e6)} per 1M requests + $${PRICES.lambdaPerGbSecond} per GB-s (${PRICES.lambdaMemoryGb} GB, ${PRICES.lambdaAverageSeconds * 1000} ms assumed per call), DynamoDB $${per(PRICES.dynamodbPerReadUnit, 1e6)} per 1M read and $${per(PRICES.dynamodbPerWriteUnit, 1e6)} per 1M write units, SES $${per(PRICES.sesPerEmail, 1000)} per 1,000 emails`,
    `   sources: ${r.prices.sources.join(", ")}`,
  ];
}

function simulationLines(r: BenchResults): string[] {
  const sims = r.simulations;
  if (!sims) return [];
  const lines = [
    "",
    "1. Simulation: prospects through trial-nurture + sdr-follow-up, 30 virtual days, seed 1; each run a fresh process",
    `   (node --max-old-space-size=${r.heapLimitMb}; peak RSS = process.resourceUsage().maxRSS, the local servers' worker thread included)`,
    "   wall time = the whole simulate() (start the runtime, 30 days, read the figures back, close); run loop = the 30 days alone",
    `   ${pad("backend", 8)} ${lpad("contacts", 8)}  ${pad("wall time", 28)}  ${pad("run loop", 28)}  ${pad("contacts/s", 24)}  ${pad("ms per contact", 24)}  peak RSS`,
  ];
  for (const s of sims) {
    const head = `   ${pad(s.backend, 8)} ${lpad(s.contacts.toLocaleString("en-US"), 8)}  `;
    if (!s.wallSeconds) {
      lines.push(`${head}FAILED: ${s.error}`);
      continue;
    }
    lines.push(
      `${head}${pad(show(s.wallSeconds, "s"), 28)}  ${pad(show(s.runSeconds!, "s"), 28)}  ${pad(show(s.contactsPerSecond!, ""), 24)}  ${pad(show(s.msPerContact!, ""), 24)}  ${show(s.peakRssMb!, "MB")}` +
        (s.error ? `  (a later run failed: ${s.error})` : ""),
    );
  }
  for (const backend of ["memory", "servers"] as const) {
    const runs = sims
      .filter((s) => s.backend === backend && s.wallSeconds)
      .sort((a, b) => a.contacts - b.contacts);
    for (let i = 1; i < runs.length; i++) {
      const [a, b] = [runs[i - 1]!, runs[i]!];
      lines.push(
        `   growth on ${backend}, ${a.contacts.toLocaleString("en-US")} -> ${b.contacts.toLocaleString("en-US")} contacts (x${num(b.contacts / a.contacts)}): wall time x${num(b.wallSeconds!.median / a.wallSeconds!.median)}, ms per contact x${num(b.msPerContact!.median / a.msPerContact!.median)}, peak RSS x${num(b.peakRssMb!.median / a.peakRssMb!.median)}`,
      );
    }
  }
  const first = sims.find((s) => s.last)?.last;
  if (first) {
    const p = first.perContact;
    const c = first.costPer1000Contacts;
    lines.push(
      `   per contact (${first.backend}, ${first.contacts.toLocaleString("en-US")}): ${p.stateTransitions} transitions, ${p.lambdaInvocations} Lambda calls, ${p.dynamodbReadUnits} read and ${p.dynamodbWriteUnits} write units, ${p.sesSends} emails; per 1,000 contacts: orchestration ${usd(c.stepFunctions + c.lambda + c.dynamodb)}, total ${usd(c.total)} with SES`,
    );
  }
  if (r.skipped.length) {
    lines.push(
      `   skipped: ${r.skipped.map((s) => `${s.contacts.toLocaleString("en-US")} on ${s.backend} (${s.why})`).join("; ")}`,
    );
    for (const s of r.skipped)
      lines.push(
        `     run it: npm run bench -- --only simulations --backends ${s.backend} --sizes ${s.contacts} --runs 1`,
      );
  }
  return lines;
}

function costLines(r: BenchResults): string[] {
  if (!r.costs) return [];
  const lines = [
    "",
    `2. AWS cost per 1,000 contacts, each walking the whole workflow without engaging (${r.costs[0]?.contactsRun ?? 0} contacts counted per workflow on the local runtime)`,
    "   naive = per email a send task, a Wait and a Choice (bench/naive.ts): its transitions and Lambda calls from its longest path plus the send-window holds counted for Handoff; its DynamoDB and SES use taken equal to Handoff's",
    `   ${pad("workflow", 18)} ${pad("shape", 8)} ${lpad("transitions", 11)} ${lpad("Lambda", 7)} ${lpad("GB-s", 6)} ${lpad("RRU", 6)} ${lpad("WRU", 6)} ${lpad("emails", 6)} | ${lpad("Step Fn", 7)} ${lpad("Lambda", 7)} ${lpad("DynamoDB", 8)} ${lpad("orchestr.", 9)} ${lpad("SES", 7)} ${lpad("total", 7)}`,
  ];
  for (const c of r.costs) {
    for (const [shape, u, d] of [
      ["Handoff", c.ours, c.oursPer1000],
      ["naive", c.naive, c.naivePer1000],
    ] as const) {
      lines.push(
        `   ${pad(shape === "Handoff" ? c.workflow : "", 18)} ${pad(shape, 8)} ${lpad(num(u.stateTransitions), 11)} ${lpad(num(u.lambdaInvocations), 7)} ${lpad(num(u.lambdaGbSeconds), 6)} ${lpad(num(u.dynamodbReadUnits), 6)} ${lpad(num(u.dynamodbWriteUnits), 6)} ${lpad(num(u.sesSends), 6)} | ${lpad(usd(d.stepFunctions), 7)} ${lpad(usd(d.lambda), 7)} ${lpad(usd(d.dynamodb), 8)} ${lpad(usd(d.orchestration), 9)} ${lpad(usd(d.ses), 7)} ${lpad(usd(d.total), 7)}`,
      );
    }
    lines.push(
      `   ${pad("", 18)} Handoff's orchestration is ${Math.round(c.orchestrationShareOfNaive * 100)}% of the naive shape's; longest static paths: Handoff ${c.path.transitions} transitions (${c.states} states), naive ${c.naivePath.transitions} (${c.naivePath.states} states), for ${c.path.emails} emails`,
    );
  }
  return lines;
}

function bundleLines(r: BenchResults): string[] {
  const b = r.bundles;
  if (!b) return [];
  const base = b.baseline.importMs!.median;
  const lines = [
    "",
    `3. Lambda bundles as SST bundles them (esbuild ${b.esbuildVersion} from sst: esm, minify, keepNames, SST's banner, the secret-shim plugin, AWS SDK bundled); cold import = \`await import(bundle)\` in a fresh node process`,
    `   ${pad("bundle", 20)} ${lpad("minified", 9)}  ${pad("cold import", 30)} ${lpad("x empty", 7)}  ${pad("node process", 28)}  largest parts`,
  ];
  for (const h of [b.bare, b.baseline, b.sdkClients, ...b.handlers]) {
    const name = h.functions.length > 1 ? `${h.bundle} (${h.functions.length} fns)` : h.bundle;
    const parts = h.largest
      .filter((p) => p.bytes >= 0.03 * h.bytes && p.bytes > 1024)
      .slice(0, 5)
      .map(
        (p) =>
          `${p.source} ${kb(p.bytes)}${p.importedBy && !p.importedBy.includes(".cache/") ? ` (via ${p.importedBy})` : ""}`,
      )
      .join(", ");
    lines.push(
      `   ${pad(name, 20)} ${lpad(kb(h.bytes), 9)}  ${pad(show(h.importMs!, "ms"), 30)} ${lpad(`${num(h.importMs!.median / base, 2)}x`, 7)}  ${pad(show(h.processMs!, "ms"), 28)}  ${parts || "-"}`,
    );
  }
  lines.push(
    "   empty = an empty handler with the secret shim every function gets (the baseline); empty-no-shim = without it; sdk-clients-no-shim = only the SDK clients functions/wiring.ts creates",
    "   (a package counts under the first package our code reaches it by: the SDK's shared @smithy code falls under sst, reached first through the shim)",
  );
  return lines;
}

function partLines(r: BenchResults): string[] {
  const p = r.parts;
  if (!p && !r.costs) return [];
  const lines = ["", "4. Parts"];
  for (const c of r.costs ?? [])
    lines.push(`   compile ${pad(c.workflow, 18)} ${show(c.compileMs, "ms")} (${c.states} states)`);
  if (!p) return lines;
  lines.push(
    `   load, check, compile and asl-validate the workflows folder: ${show(p.pipelineMs, "ms")}`,
    `   10,000 renders (${p.renders.emails} sample emails, 100 contacts): ${show(p.renders.msPer10k, "ms")} = ${show(p.renders.perSecond, "renders/s")}`,
    `   events scored on dynalite (ingestEvent, ${p.ingest.events.toLocaleString("en-US")} events, ${p.ingest.concurrency} at a time, ${p.ingest.contacts} contacts enrolled in trial-nurture): ${show(p.ingest.eventsPerSecond, "events/s")}`,
    `   handoff enroll --csv, ${p.csv.rows.toLocaleString("en-US")} rows into trial-nurture via the HTTP API on dynalite (StartExecution answered in-process): ${show(p.csv.seconds, "s")} = ${show(p.csv.enrollmentsPerSecond, "enrollments/s")}`,
  );
  return lines;
}

function burstLines(r: BenchResults): string[] {
  if (!r.burst?.length) return [];
  const lines = [
    "",
    `5. Burst: ${r.burst[0]!.contacts.toLocaleString("en-US")} contacts in trial-nurture whose welcome comes due at the same instant, paced at ${r.burst[0]!.perSecond} a second and unpaced (local runtime, memory, virtual clock)`,
    "   window = enrolled over the night, the welcome held to the 09:00 opening; instant = all enrolled at once inside the window",
    `   ${pad("burst", 8)} ${pad("pacing", 9)} ${lpad("sent", 7)} ${lpad("failed", 6)} ${lpad("max/s", 6)} ${lpad("mean/s", 7)} ${lpad("drain s", 8)} ${lpad("transitions", 11)} ${lpad("Lambda", 7)} ${lpad("RRU", 7)} ${lpad("WRU", 7)} ${lpad("wall s", 7)}`,
  ];
  for (const b of r.burst) {
    for (const [label, run] of [
      [`${b.perSecond}/s`, b.paced],
      ["unpaced", b.unpaced],
    ] as const) {
      lines.push(
        `   ${pad(label === "unpaced" ? "" : b.shape, 8)} ${pad(label, 9)} ${lpad(run.sends.toLocaleString("en-US"), 7)} ${lpad(String(run.failedEnrollments), 6)} ${lpad(String(run.maxPerSecond), 6)} ${lpad(num(run.meanPerSecond), 7)} ${lpad(run.drainSeconds.toLocaleString("en-US"), 8)} ${lpad(run.stateTransitions.toLocaleString("en-US"), 11)} ${lpad(run.lambdaInvocations.toLocaleString("en-US"), 7)} ${lpad(run.dynamodbReadUnits.toLocaleString("en-US"), 7)} ${lpad(run.dynamodbWriteUnits.toLocaleString("en-US"), 7)} ${lpad(num(run.wallSeconds), 7)}`,
      );
    }
    const x = b.extraPerEmail;
    lines.push(
      `   ${pad("", 8)} pacing adds per email: ${num(x.stateTransitions)} transitions, ${num(x.lambdaInvocations)} Lambda calls, ${num(x.dynamodbReadUnits)} read and ${num(x.dynamodbWriteUnits)} write units = $${b.extraCostPer1000Emails.toFixed(4)} per 1,000 emails`,
    );
  }
  return lines;
}

function targetLines(r: BenchResults): string[] {
  return ["", "Targets", ...r.targets.map((t) => `   ${pad(t.status, 12)} ${t.target}: ${t.measured}`)];
}

export function formatResults(r: BenchResults): string {
  return [
    ...machineLines(r),
    ...simulationLines(r),
    ...costLines(r),
    ...bundleLines(r),
    ...partLines(r),
    ...burstLines(r),
    ...targetLines(r),
  ].join("\n");
}
