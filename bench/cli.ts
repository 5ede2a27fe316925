// Section `cli`: how long `handoff --help` and `handoff validate` (on the sample workflows) take, from
// spawn to exit, as users run them (`node src/cli/bin.js …`, the compiled dist/cli/ once built), with
// an empty node process (`node -e 0`) beside them for the floor no command can go under.
import { existsSync } from "node:fs";
import { CLI, type CommandLine, failure, hasScript, REPO_ROOT, runCommand, shown } from "./commands";
import { loadNow } from "./results";
import { type Spread, spread } from "./stats";

/** One command timed over several runs: wall milliseconds of those that exited 0. */
export interface TimedCommand {
  command: string;
  ms?: Spread;
  /** Why a run failed (its exit and last line); the spread covers the runs that did not. */
  error?: string;
}

/** `npm run build` (what `npm ci`'s prepare runs), once before the commands are timed. */
export interface CliBuild {
  command: string;
  seconds?: number;
  error?: string;
  /** Whether dist/cli/main.js exists after it: bin.js runs it rather than tsx when it is fresh. */
  compiled: boolean;
}

export interface CliFigures {
  /** 1-minute load average when the section started. */
  load: number;
  baseline: TimedCommand;
  help: TimedCommand;
  validate: TimedCommand;
}

const compiled = () => existsSync(`${REPO_ROOT}dist/cli/main.js`);

/**
 * Builds the CLI once if package.json has a `build` script (the compiled CLI of issue 17), so that
 * the timed commands run what `npm ci` leaves; without one, bin.js runs the sources through tsx.
 */
export async function buildCli(): Promise<CliBuild> {
  const command: CommandLine = { program: "npm", args: ["run", "build"] };
  if (!hasScript("build")) return { command: "(no build script: bin.js runs tsx)", compiled: compiled() };
  const run = await runCommand(command);
  const error = failure(run);
  return {
    command: shown(command),
    ...(error ? { error } : { seconds: run.ms / 1000 }),
    compiled: compiled(),
  };
}

/** Times `command` `runs` times after one untimed run (which warms the file cache and tsx's cache). */
export async function timeCommand(command: CommandLine, runs: number): Promise<TimedCommand> {
  const times: number[] = [];
  let error: string | undefined;
  for (let i = 0; i <= runs; i++) {
    const run = await runCommand(command);
    error ??= failure(run);
    if (i > 0 && run.exitCode === 0) times.push(run.ms);
  }
  return {
    command: shown(command),
    ...(times.length ? { ms: spread(times) } : {}),
    ...(error ? { error } : {}),
  };
}

export async function cliFigures(runs: number, note: (what: string) => void): Promise<CliFigures> {
  const load = loadNow();
  note(`cli: node -e 0, handoff --help and handoff validate, ${runs} runs each`);
  return {
    load,
    baseline: await timeCommand({ program: "node", args: ["-e", "0"] }, runs),
    help: await timeCommand({ program: "node", args: [...CLI, "--help"] }, runs),
    validate: await timeCommand({ program: "node", args: [...CLI, "validate"] }, runs),
  };
}
