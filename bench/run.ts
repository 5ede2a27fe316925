// `npm run bench` (-- --json, -- --quick): the figures behind Handoff's speed and cost claims, with
// the machine they ran on. Issue 7 extends it (repeated runs, 10k/100k, bundles, renders).
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { checkWorkspace } from "../src/compiler/check";
import { compileWorkflow } from "../src/compiler/compile";
import type { StateMachine } from "../src/compiler/emit/asl";
import { loadWorkspace } from "../src/compiler/load";
import { uninterruptedPaths } from "../src/compiler/transitions";
import { PRICES } from "../src/runtime/prices";
import { simulate } from "../src/runtime/simulate/simulator";
import { compileNaive, naivePath } from "./naive";

const json = process.argv.includes("--json");
const quick = process.argv.includes("--quick");

function measure(fn: () => void, runs: number): { median: number; min: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times.at(-1)! };
}

/** Orchestration cost of one contact walking a path: transitions, and the Lambda calls on it. */
function orchestration(transitions: number, lambdas: number): number {
  const lambda =
    lambdas *
    (PRICES.lambdaPerRequest +
      PRICES.lambdaAverageSeconds * PRICES.lambdaMemoryGb * PRICES.lambdaPerGbSecond);
  return (transitions * PRICES.stepFunctionsPerTransition + lambda) * 1000;
}

function lambdasOn(machine: StateMachine, states: string[]): number {
  return states.filter((s) => machine.States[s]?.Type === "Task").length;
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: process.platform,
};
const workspace = loadWorkspace();
const settings = workspace.settings[0]!.value;

const compile = workspace.workflows.map(({ value }) => {
  const definition = compileWorkflow(value, settings);
  const worst = uninterruptedPaths(definition).reduce((a, b) => (b.transitions > a.transitions ? b : a));
  const naive = naivePath(compileNaive(value, settings));
  const ours = orchestration(worst.transitions, lambdasOn(definition, worst.states));
  const theirs = orchestration(naive.transitions, naive.lambdas);
  return {
    workflow: value.id,
    compileMs: measure(() => compileWorkflow(value, settings), 200),
    states: Object.keys(definition.States).length,
    emails: worst.emails,
    transitions: worst.transitions,
    naiveTransitions: naive.transitions,
    orchestrationPer1000Usd: Number(ours.toFixed(4)),
    naiveOrchestrationPer1000Usd: Number(theirs.toFixed(4)),
    shareOfNaive: Number((ours / theirs).toFixed(2)),
  };
});

async function simulation(backend: "memory" | "servers", contacts: number) {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 200);
  const started = performance.now();
  const report = await simulate({ contacts, seed: 1, backend });
  const wall = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const c = report.aws.costPer1000Contacts;
  return {
    backend,
    contacts,
    wallSeconds: Number(wall.toFixed(1)),
    contactsPerSecond: Math.round(contacts / wall),
    peakRssMb: Math.round(peak / 2 ** 20),
    transitionsPerContact: report.aws.perContact.stateTransitions,
    orchestrationPer1000Usd: Number((c.stepFunctions + c.lambda + c.dynamodb).toFixed(4)),
    totalPer1000Usd: c.total,
  };
}

const results = {
  machine,
  prices: { date: PRICES.date, region: PRICES.region },
  validateWorkspaceMs: measure(() => checkWorkspace(loadWorkspace()), 20),
  compile,
  simulations: [] as Array<Awaited<ReturnType<typeof simulation>>>,
};
for (const [backend, contacts] of (quick
  ? [["memory", 1000]]
  : [
      ["memory", 1000],
      ["servers", 1000],
    ]) as Array<["memory" | "servers", number]>) {
  results.simulations.push(await simulation(backend, contacts));
}

if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  const ms = (m: { median: number; min: number; max: number }) =>
    `${m.median.toFixed(2)} ms (min ${m.min.toFixed(2)}, max ${m.max.toFixed(2)})`;
  console.log(
    `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GiB, Node ${machine.node} (${machine.platform}); prices of ${PRICES.date}`,
  );
  console.log(`validate the workflows folder: ${ms(results.validateWorkspaceMs)}`);
  for (const c of compile) {
    console.log(
      `${c.workflow.padEnd(18)} compile ${ms(c.compileMs)}; ${c.emails} emails in ${c.transitions} transitions (naive ${c.naiveTransitions}); ` +
        `orchestration $${c.orchestrationPer1000Usd} per 1,000 contacts (naive $${c.naiveOrchestrationPer1000Usd}: ${Math.round(c.shareOfNaive * 100)}%)`,
    );
  }
  for (const s of results.simulations) {
    console.log(
      `simulate ${s.contacts} prospects (${s.backend}): ${s.wallSeconds} s, ${s.contactsPerSecond} contacts/s, peak RSS ${s.peakRssMb} MB, ` +
        `${s.transitionsPerContact} transitions per contact, orchestration $${s.orchestrationPer1000Usd} / total $${s.totalPer1000Usd} per 1,000 contacts`,
    );
  }
}
