// Section `scenarios`: `handoff test` on the sample scenarios (workflows/tests/*.json) as users run it,
// on the in-memory store and on the local servers: the whole command's wall time from spawn to
// exit, the scenarios it ran, and each scenario's own time as its output prints it.
import type { Backend } from "./args";
import { CLI, type CommandLine, failure, runCommand, shown } from "./commands";
import { loadNow } from "./results";
import { type Spread, spread } from "./stats";

/** What `handoff test`'s text output says: the summary's counts and each scenario's printed time. */
export interface TestOutput {
  count?: number;
  passed?: number;
  failed?: number;
  /** Seconds per scenario, in the order printed (scenarios printed without a time are left out). */
  scenarioSeconds: number[];
}

export interface ScenarioBackendFigures {
  backend: Backend;
  command: string;
  /** Wall seconds of the whole `handoff test`, spawn to exit (starting node and the runtime included). */
  wallSeconds?: Spread;
  count?: number;
  passed?: number;
  failed?: number;
  /** Every scenario's printed time over all runs (the output rounds to 0.1 s). */
  perScenarioSeconds?: Spread;
  error?: string;
}

export interface ScenarioFigures {
  /** 1-minute load average when the section started. */
  load: number;
  backends: ScenarioBackendFigures[];
}

const SCENARIO_LINE = /^[✓✗] .* \([^()]+\.json\)\s+([\d.]+)\s*(ms|s)\s*$/;
const SUMMARY_LINE = /(\d+) scenarios?: (\d+) passed, (\d+) failed/;

/** Reads `handoff test`'s text output (without colour): "✓ name (file)  1.2 s" lines and the summary. */
export function parseTestOutput(text: string): TestOutput {
  const scenarioSeconds: number[] = [];
  for (const line of text.split("\n")) {
    const match = SCENARIO_LINE.exec(line.trim());
    if (match) scenarioSeconds.push(Number(match[1]) / (match[2] === "ms" ? 1000 : 1));
  }
  const summary = SUMMARY_LINE.exec(text);
  if (!summary) return { scenarioSeconds };
  const [count, passed, failed] = summary.slice(1).map(Number);
  return { count, passed, failed, scenarioSeconds };
}

/**
 * The flags that select each backend, from `handoff test --help`: issue 17 makes memory the default
 * with `--servers` to opt in; before it, the servers were the default and `--memory` opted out.
 */
export function backendFlags(testHelp: string): Record<Backend, string[]> {
  return { memory: ["--memory"], servers: /--servers\b/.test(testHelp) ? ["--servers"] : [] };
}

async function timeBackend(command: CommandLine, backend: Backend, runs: number) {
  const walls: number[] = [];
  const perScenario: number[] = [];
  let output: TestOutput = { scenarioSeconds: [] };
  let error: string | undefined;
  for (let i = 0; i < runs; i++) {
    const run = await runCommand(command);
    error ??= failure(run);
    output = parseTestOutput(run.stdout);
    if (output.count === undefined) continue;
    walls.push(run.ms / 1000);
    perScenario.push(...output.scenarioSeconds);
  }
  const figures: ScenarioBackendFigures = { backend, command: shown(command) };
  if (walls.length) figures.wallSeconds = spread(walls);
  if (perScenario.length) figures.perScenarioSeconds = spread(perScenario);
  if (output.count !== undefined)
    Object.assign(figures, { count: output.count, passed: output.passed, failed: output.failed });
  if (error) figures.error = error;
  return figures;
}

export async function scenarioFigures(choice: {
  backends: Backend[];
  runs: number;
  note: (what: string) => void;
}): Promise<ScenarioFigures> {
  const load = loadNow();
  const help = await runCommand({ program: "node", args: [...CLI, "test", "--help"] });
  const flags = backendFlags(help.stdout);
  const backends: ScenarioBackendFigures[] = [];
  for (const backend of choice.backends) {
    const command: CommandLine = { program: "node", args: [...CLI, "test", ...flags[backend]] };
    choice.note(`scenarios: ${shown(command)} (${backend}), ${choice.runs} run${choice.runs > 1 ? "s" : ""}`);
    backends.push(await timeBackend(command, backend, choice.runs));
  }
  return { load, backends };
}
