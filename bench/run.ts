// `npm run bench`: the figures behind Handoff's speed and cost claims, with the machine they ran on.
// This first cut measures the compiler; simulation, cost and Lambda figures join it as they land.
import { cpus } from "node:os";
import { performance } from "node:perf_hooks";
import { checkWorkspace } from "../src/compiler/check";
import { compileWorkflow } from "../src/compiler/compile";
import { loadWorkspace } from "../src/compiler/load";
import { uninterruptedPaths } from "../src/compiler/transitions";

const json = process.argv.includes("--json");
const RUNS = 30;

function measure(fn: () => void, runs = RUNS): { median: number; min: number; max: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times.at(-1)! };
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  node: process.version,
  platform: process.platform,
};
const workspace = loadWorkspace();
const settings = workspace.settings[0]!.value;
const results = {
  machine,
  validateWorkspaceMs: measure(() => checkWorkspace(loadWorkspace())),
  compile: workspace.workflows.map(({ value }) => {
    const definition = compileWorkflow(value, settings);
    const worst = uninterruptedPaths(definition).reduce((a, b) =>
      b.transitions / b.emails > a.transitions / a.emails ? b : a,
    );
    return {
      workflow: value.id,
      ms: measure(() => compileWorkflow(value, settings), 200),
      states: Object.keys(definition.States).length,
      emails: worst.emails,
      transitions: worst.transitions,
      naiveTransitions: worst.emails * 3,
      costPer1000ContactsUsd: (worst.transitions * 1000 * 0.025) / 1000,
    };
  }),
};

if (json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
else {
  const ms = (m: { median: number; min: number; max: number }) =>
    `${m.median.toFixed(2)} ms (min ${m.min.toFixed(2)}, max ${m.max.toFixed(2)})`;
  console.log(`machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} (${machine.platform})`);
  console.log(`validate the workflows folder: ${ms(results.validateWorkspaceMs)} over ${RUNS} runs`);
  for (const c of results.compile) {
    console.log(
      `compile ${c.workflow.padEnd(18)} ${ms(c.ms)}; ${c.states} states; ${c.emails} emails in ${c.transitions} transitions ` +
        `(naive ≈${c.naiveTransitions}); Step Functions $${c.costPer1000ContactsUsd.toFixed(3)} per 1,000 contacts`,
    );
  }
}
