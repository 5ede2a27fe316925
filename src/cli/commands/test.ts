import { existsSync } from "node:fs";
import type { Command } from "commander";
import type { Failure, ScenarioReport } from "../../runtime/scenario";
import { bold, dim, green, red } from "../output";
import { UsageError } from "../usage";
import { type BackendFlags, backendOf } from "./backend";
import { type FolderOptions, folders } from "./folders";

const INDENT = "    ";

function describeActual(actual: unknown, shown: Set<string>): string[] {
  if (typeof actual !== "object" || actual === null) return [String(actual)];
  const a = actual as Record<string, unknown>;
  const lines: string[] = [];
  if (typeof a.found === "string") lines.push(a.found);
  if (typeof a.error === "string") lines.push(red(a.error));
  if (Array.isArray(a.violations))
    for (const v of a.violations as Array<Record<string, string>>)
      lines.push(`${v.file}${v.path ? ` ${dim(v.path)}` : ""}  ${v.message}`);
  if (typeof a.contact === "string" && Array.isArray(a.timeline)) {
    if (shown.has(a.contact)) {
      lines.push(dim(`${a.contact}: timeline above`));
    } else {
      shown.add(a.contact);
      const enrollments = (a.enrollments as string[]).join("; ") || "no enrollments";
      lines.push(dim(`${a.contact}: stage ${String(a.stage)} · ${enrollments}`));
      for (const line of a.timeline as string[]) lines.push(dim(`  ${line}`));
    }
  }
  if (Array.isArray(a.posts)) for (const post of a.posts as string[]) lines.push(dim(`  ${post}`));
  return lines;
}

function formatFailure(failure: Failure, shown: Set<string>): string {
  const lines = [`${red("✗")} ${JSON.stringify(failure.expect)}`];
  for (const line of describeActual(failure.actual, shown)) lines.push(`  ${line}`);
  return lines.map((l) => `${INDENT}${l}`).join("\n");
}

function formatScenario(report: ScenarioReport): string {
  const seconds = report.wallMillis ? dim(`  ${(report.wallMillis / 1000).toFixed(1)} s`) : "";
  const head = `${report.ok ? green("✓") : red("✗")} ${bold(report.name)} ${dim(`(${report.file})`)}${seconds}`;
  const shown = new Set<string>();
  return [head, ...report.failures.map((f) => formatFailure(f, shown))].join("\n");
}

/**
 * Sets the exit code and exits once stdout is flushed: the state-machine library leaves real-time
 * timers of aborted executions behind (up to 60 s), which would otherwise keep the process alive.
 */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write("", () => process.exit(code));
}

/** `handoff test`: runs scenarios on the local runtime's virtual clock and checks their expectations. */
export async function test(
  files: string[],
  options: { json?: boolean } & BackendFlags,
  command: Command,
): Promise<void> {
  const dirs = folders(command.optsWithGlobals<FolderOptions>());
  const missing = files.find((file) => !existsSync(file));
  if (missing)
    throw new UsageError(
      `no file ${missing}: give scenario files, or none for ${dirs.workflowsDir}/tests/*.json`,
    );
  // Loaded once the files are known to exist: a mistake costs no waiting.
  const { defaultScenarioFiles, reportJson, runScenarioFiles } = await import("../../runtime/scenario");
  const paths = files.length ? files : defaultScenarioFiles(dirs);
  if (!paths.length) {
    process.stdout.write(
      options.json
        ? `${reportJson({ ok: false, scenarios: [] })}\n`
        : `${red("✗")} no scenarios: add some to ${dirs.workflowsDir}/tests/*.json\n`,
    );
    return exitWhenFlushed(1);
  }
  const report = await runScenarioFiles(paths, {
    ...dirs,
    backend: backendOf(options),
    ...(options.json ? {} : { onResult: (r) => process.stdout.write(`${formatScenario(r)}\n`) }),
  });
  if (options.json) {
    process.stdout.write(`${reportJson(report)}\n`);
  } else {
    const failed = report.scenarios.filter((s) => !s.ok).length;
    const total = report.scenarios.length;
    const summary = `${total} scenario${total === 1 ? "" : "s"}: ${total - failed} passed, ${failed} failed`;
    process.stdout.write(`\n${failed ? red(`✗ ${summary}`) : green(`✓ ${summary}`)}\n`);
  }
  exitWhenFlushed(report.ok ? 0 : 1);
}
