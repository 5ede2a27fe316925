// Issue 17's command targets (fast on a laptop), each judged on the median wall time of the command
// as users run it: `handoff --help`, `handoff validate`, `handoff test` on the samples, `npm start`.
// Its simulation targets (10,000 contacts in 10 s and 60 s, 100,000 in 2 GB) are in bench/targets.ts.
import type { CliFigures, TimedCommand } from "./cli";
import type { ScenarioFigures } from "./scenarios";
import type { StartFigures } from "./start";
import { num, type Spread } from "./stats";
import { met, notMeasured, type Target } from "./verdict";

export interface LaptopMeasured {
  cli?: CliFigures;
  scenarios?: ScenarioFigures;
  start?: StartFigures;
}

/** Issue 17's limits, in seconds of wall time from spawn to exit. */
export const LAPTOP_LIMITS = {
  helpSeconds: 0.3,
  validateSeconds: 0.5,
  /** All the sample scenarios (issue 17 counted 16; workflows/tests holds more since) on memory, the default backend. */
  scenariosSeconds: 3,
  startSeconds: 15,
};

/** A median wall time against its limit, with the command that was timed and any run's failure. */
function timed(
  target: string,
  figure: { command: string; seconds?: Spread; error?: string; detail?: string },
  limit: number,
): Target {
  const { command, seconds, error } = figure;
  if (!seconds) return notMeasured(target, `${command} failed: ${error ?? "no run finished"}`);
  const runs = seconds.runs === 1 ? "1 run" : `median of ${seconds.runs}, min ${num(seconds.min)} s`;
  const detail = figure.detail ? `; ${figure.detail}` : "";
  const failed = error ? `; a run failed: ${error}` : "";
  return {
    target,
    status: met(seconds.median <= limit),
    measured: `${num(seconds.median)} s (${runs}${detail}${failed}): ${command}`,
  };
}

const inSeconds = (ms: Spread | undefined): Spread | undefined =>
  ms && { median: ms.median / 1000, min: ms.min / 1000, max: ms.max / 1000, runs: ms.runs };

function cliTarget(
  cli: CliFigures | undefined,
  which: "help" | "validate",
  limit: number,
  target: string,
): Target {
  if (!cli) return notMeasured(target, "cli not run");
  const command: TimedCommand = cli[which];
  const baseline = inSeconds(cli.baseline.ms);
  return timed(
    target,
    {
      command: command.command,
      ...(command.ms ? { seconds: inSeconds(command.ms) } : {}),
      ...(command.error ? { error: command.error } : {}),
      ...(baseline ? { detail: `node -e 0 alone ${num(baseline.median)} s` } : {}),
    },
    limit,
  );
}

function scenariosTarget(scenarios: ScenarioFigures | undefined): Target {
  const target = `\`handoff test\` on all the sample scenarios on memory at most ${LAPTOP_LIMITS.scenariosSeconds} s (issue 17)`;
  const memory = scenarios?.backends.find((figures) => figures.backend === "memory");
  if (!memory) return notMeasured(target, "scenarios on memory not run");
  const each = memory.perScenarioSeconds;
  const failing = memory.failed ? `, ${memory.failed} failing` : "";
  const count = `${memory.count ?? "?"} scenarios${failing}${each ? `, ${num(each.median)} s median each` : ""}`;
  return timed(
    target,
    {
      command: memory.command,
      ...(memory.wallSeconds ? { seconds: memory.wallSeconds } : {}),
      ...(memory.error ? { error: memory.error } : {}),
      detail: count,
    },
    LAPTOP_LIMITS.scenariosSeconds,
  );
}

function startTarget(start: StartFigures | undefined): Target {
  const target = `\`npm start\` at most ${LAPTOP_LIMITS.startSeconds} s (issue 17)`;
  if (!start) return notMeasured(target, "start not run");
  const wrote = start.output && `wrote ${num(start.output.totalBytes / 2 ** 20)} MB`;
  return timed(
    target,
    {
      command: start.command,
      ...(start.wallSeconds ? { seconds: start.wallSeconds } : {}),
      ...(start.error ? { error: start.error } : {}),
      ...(wrote ? { detail: wrote } : {}),
    },
    LAPTOP_LIMITS.startSeconds,
  );
}

export function laptopTargets(measured: LaptopMeasured): Target[] {
  return [
    cliTarget(
      measured.cli,
      "help",
      LAPTOP_LIMITS.helpSeconds,
      `\`handoff --help\` at most ${LAPTOP_LIMITS.helpSeconds} s (issue 17)`,
    ),
    cliTarget(
      measured.cli,
      "validate",
      LAPTOP_LIMITS.validateSeconds,
      `\`handoff validate\` on the sample workflows at most ${LAPTOP_LIMITS.validateSeconds} s (issue 17)`,
    ),
    scenariosTarget(measured.scenarios),
    startTarget(measured.start),
  ];
}
