// The text output of the sections that time commands as users run them (issue 17): cli, scenarios
// and start. bench/report.ts puts them after the other sections.
import type { TimedCommand } from "./cli";
import type { BenchResults } from "./results";
import { num, show } from "./stats";

const pad = (text: string, width: number) => text.padEnd(width);
const mb = (bytes: number) => `${num(bytes / 2 ** 20)} MB`;
const failed = (error: string | undefined) => (error ? `  (a run failed: ${error})` : "");

function buildLine(results: BenchResults): string[] {
  const build = results.cliBuild;
  if (!build) return [];
  const runner = build.compiled
    ? "dist/cli/main.js present: bin.js runs the compiled CLI when it is newer than src/"
    : "no dist/cli/main.js: bin.js runs the sources through tsx";
  const took = build.error ? `FAILED (${build.error})` : build.seconds ? `${num(build.seconds)} s` : "";
  return [`   build first: ${build.command}${took ? `, ${took}` : ""}; ${runner}`];
}

function cliLines(results: BenchResults): string[] {
  const cli = results.cli;
  if (!cli) return [];
  const row = (command: TimedCommand) =>
    `   ${pad(command.command, 40)} ${command.ms ? show(command.ms, "ms") : "FAILED"}${failed(command.error)}`;
  return [
    "",
    `7. CLI start: wall time from spawn to exit, a fresh process each, in the repository root, after one untimed run (load average ${cli.load})`,
    ...buildLine(results),
    row(cli.baseline),
    row(cli.help),
    row(cli.validate),
  ];
}

function scenarioLines(results: BenchResults): string[] {
  const scenarios = results.scenarios;
  if (!scenarios) return [];
  const lines = [
    "",
    `8. Scenarios: \`handoff test\` on the samples (workflows/tests/*.json), wall time from spawn to exit; per scenario = the times it prints, over all runs (load average ${scenarios.load})`,
    `   ${pad("backend", 8)} ${pad("scenarios", 18)} ${pad("whole run", 30)} ${pad("per scenario", 30)} command`,
  ];
  for (const figures of scenarios.backends) {
    const count = figures.count === undefined ? "?" : `${figures.count} (${figures.failed ?? 0} failed)`;
    const whole = figures.wallSeconds ? show(figures.wallSeconds, "s") : "FAILED";
    const each = figures.perScenarioSeconds ? show(figures.perScenarioSeconds, "s", 2) : "-";
    lines.push(
      `   ${pad(figures.backend, 8)} ${pad(count, 18)} ${pad(whole, 30)} ${pad(each, 30)} ${figures.command}${failed(figures.error)}`,
    );
  }
  return lines;
}

function startLines(results: BenchResults): string[] {
  const start = results.start;
  if (!start) return [];
  const output = start.output;
  const wrote = output
    ? `wrote report.html ${mb(output.reportHtmlBytes)}, ${output.emailsFile ?? "no emails file"} ${mb(output.emailsBytes)}, ${output.htmlFiles} email HTML files ${mb(output.htmlBytes)}; ${mb(output.totalBytes)} in all`
    : "wrote nothing measured";
  return [
    "",
    `9. npm start: package.json's start script with this node (npm's own start-up left out), default options, --out a fresh temporary folder; wall time from spawn to exit (load average ${start.load})`,
    `   ${start.command}: ${start.wallSeconds ? show(start.wallSeconds, "s") : "FAILED"}${failed(start.error)}`,
    `   ${wrote}`,
  ];
}

export function commandLines(results: BenchResults): string[] {
  return [...cliLines(results), ...scenarioLines(results), ...startLines(results)];
}
