// `npm run bench` (-- --json, --quick, --sizes 1000,10000, --backends memory,servers, --runs N,
// --only cli,scenarios,start,costs,simulations,bundles,parts,burst,transitions,window): the figures
// behind Handoff's speed and cost claims, with the machine they ran on and the targets of issues 7,
// 12, 16 and 17. Progress goes to stderr, results to stdout. The default includes 100,000 simulated
// contacts on memory (minutes); --quick or --sizes leave it out. The cli, scenarios and start
// sections run `npm run build` once first when package.json has it, then spawn `node src/cli/bin.js`.
import { performance } from "node:perf_hooks";
import { parseArgs } from "./args";
import { bundleFigures } from "./bundles";
import { burstFigures } from "./burst";
import { buildCli, cliFigures } from "./cli";
import { workflowCosts } from "./costs";
import { csvEnrollFigures, ingestFigures, pipelineFigures, renderFigures } from "./parts";
import { formatResults } from "./report";
import { type BenchResults, loadNow, machine, priceSources } from "./results";
import { scenarioFigures } from "./scenarios";
import { HEAP_LIMIT_MB, runSimulations } from "./simulations";
import { startFigures } from "./start";
import { evaluateTargets } from "./targets";
import { simulationTransitions, windowTransitions } from "./transitions";

const args = (() => {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`npm run bench: ${(e as Error).message}\n`);
    process.exit(2);
  }
})();
const note = (what: string) => process.stderr.write(`bench: ${what}\n`);
const started = performance.now();
const results: BenchResults = {
  startedAt: new Date().toISOString(),
  mode: args.quick ? "--quick" : process.argv.length > 2 ? process.argv.slice(2).join(" ") : "default",
  totalSeconds: 0,
  machine: machine(),
  prices: priceSources(),
  heapLimitMb: HEAP_LIMIT_MB,
  skipped: args.sections.has("simulations") ? args.skipped : [],
  targets: [],
};

if ((["cli", "scenarios", "start"] as const).some((section) => args.sections.has(section))) {
  note("building the CLI as `npm ci` does (npm run build), if package.json has a build script");
  results.cliBuild = await buildCli();
}
if (args.sections.has("cli")) results.cli = await cliFigures(args.runs, note);
if (args.sections.has("scenarios"))
  results.scenarios = await scenarioFigures({ backends: args.backends, runs: args.commandRuns, note });
if (args.sections.has("start")) results.start = await startFigures(args.commandRuns, note);
if (args.sections.has("costs")) {
  note("costs: counting each sample workflow on the local runtime");
  results.costs = await workflowCosts(args.quick ? 50 : 200, args.runs);
}
if (args.sections.has("bundles")) results.bundles = await bundleFigures(args.runs, (w) => note(w));
if (args.sections.has("parts")) {
  note("parts: workspace pipeline and renders");
  const pipelineMs = pipelineFigures(args.runs);
  const renders = await renderFigures(args.runs);
  note("parts: events scored on dynalite");
  const ingest = await ingestFigures(args.runs, args.quick ? 300 : 1000);
  const csv = await csvEnrollFigures(Math.min(args.runs, 3), args.quick ? 1000 : 10_000, note);
  results.parts = { pipelineMs, renders, ingest, csv };
}
if (args.sections.has("simulations")) results.simulations = await runSimulations(args.simulations);
if (args.sections.has("burst")) results.burst = await burstFigures(args.burstContacts, note);
if (args.sections.has("transitions"))
  results.transitions = [
    ...(results.transitions ?? []),
    await simulationTransitions(args.transitionContacts),
  ];
if (args.sections.has("window"))
  results.transitions = [...(results.transitions ?? []), await windowTransitions(args.windowContacts)];

results.totalSeconds = (performance.now() - started) / 1000;
results.machine.loadAtEnd = loadNow();
results.targets = evaluateTargets({
  ...(results.costs ? { costs: results.costs } : {}),
  ...(results.simulations ? { simulations: results.simulations } : {}),
  ...(results.bundles ? { bundles: results.bundles } : {}),
  ...(results.parts ? { rendersMsPer10k: results.parts.renders.msPer10k.median } : {}),
  ...(results.burst ? { burst: results.burst } : {}),
  ...(results.transitions ? { transitions: results.transitions } : {}),
  ...(results.cli ? { cli: results.cli } : {}),
  ...(results.scenarios ? { scenarios: results.scenarios } : {}),
  ...(results.start ? { start: results.start } : {}),
});
process.stdout.write(args.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatResults(results)}\n`);
