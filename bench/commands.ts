// Commands timed as users run them: a fresh process each, wall time from spawn to exit, run from the
// repository root. Used by the cli, scenarios and start sections (bench/cli.ts, bench/scenarios.ts,
// bench/start.ts).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url));
/** How users start the CLI (package.json "bin"): bin.js picks the compiled dist/cli/ or tsx. */
export const CLI = ["src/cli/bin.js"];

/** A command line: the program (node is this bench's own node) and its arguments. */
export interface CommandLine {
  program: "node" | "npm";
  args: string[];
  /** The whole environment; default: this process's, without colour or HANDOFF_DEV (commandEnv). */
  env?: NodeJS.ProcessEnv;
}

export interface CommandRun {
  /** Wall milliseconds from spawn to the process's exit. */
  ms: number;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
}

/**
 * Half an hour: a command that takes longer is stopped (one that never exits would hold the bench
 * forever), and its run reported as failed. Ten minutes was too short for `npm start` on the servers
 * with six people's work on the 2 cores.
 */
const TIMEOUT_MS = 30 * 60_000;

/**
 * The environment of every timed command: no colour (its output is parsed) and no HANDOFF_DEV (which
 * would force tsx over the compiled CLI users run).
 */
function commandEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.HANDOFF_DEV;
  delete env.FORCE_COLOR;
  return env;
}

/** "node src/cli/bin.js --help", as a reader would type it. */
export function shown(command: CommandLine): string {
  return [command.program, ...command.args].join(" ");
}

/** Runs `command` once in the repository root and times it; never throws on a failing exit. */
export function runCommand(command: CommandLine): Promise<CommandRun> {
  const program = command.program === "node" ? process.execPath : "npm";
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(program, command.args, {
      cwd: REPO_ROOT,
      env: command.env ?? commandEnv(),
      stdio: ["ignore", "pipe", "pipe"],
      timeout: TIMEOUT_MS,
    });
    let ms = 0;
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", () => {
      ms = performance.now() - started;
    });
    child.on("close", (exitCode, signal) => resolve({ ms, exitCode, signal, stdout, stderr }));
  });
}

/** Why a run failed, in one line: its exit and the last line it printed on stderr (or stdout). */
export function failure(run: CommandRun): string | undefined {
  if (run.exitCode === 0) return undefined;
  const last = (text: string) =>
    text
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .at(-1);
  const exit =
    run.ms >= TIMEOUT_MS
      ? `stopped after ${TIMEOUT_MS / 60_000} min`
      : run.signal
        ? `killed by ${run.signal}`
        : `exit code ${run.exitCode}`;
  return `${exit}: ${last(run.stderr) ?? last(run.stdout) ?? "no output"}`;
}

/** Whether package.json has a script of that name (the CLI's `build` lands with issue 17). */
export function hasScript(name: string): boolean {
  return packageScripts()[name] !== undefined;
}

export function packageScripts(): Record<string, string> {
  const manifest = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, "utf8")) as {
    scripts?: Record<string, string>;
  };
  return manifest.scripts ?? {};
}
