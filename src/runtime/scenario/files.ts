import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { checkWorkspace } from "../../compiler/check";
import { loadWorkspace } from "../../compiler/load";
import type { Violation } from "../../compiler/violation";
import type { Scenario } from "../../core/language";
import type { Failure } from "./expectations";
import type { RunScenarioOptions, ScenarioRun } from "./run";
import { ScenarioSession } from "./session";

export interface ScenarioReport extends ScenarioRun {
  /** The scenario's file, relative to the folder the command ran in. */
  file: string;
}

export interface TestReport {
  ok: boolean;
  scenarios: ScenarioReport[];
  /** Errors in the workflows, templates or scenario files that kept scenarios from running. */
  violations: Violation[];
}

export interface TestOptions extends Omit<RunScenarioOptions, "catalog" | "sharedServers"> {
  /** Called after each scenario ran (or was found invalid), in order. */
  onResult?: (report: ScenarioReport) => void;
  /**
   * Runs the scenarios on this session (opened on the same folders and backend) and leaves it open:
   * several calls then share one compile (tests that run one file at a time). Default: a session of
   * this call's own, closed at its end.
   */
  session?: ScenarioSession;
}

/** The default scenarios: `<workflows>/tests/*.json`, sorted by name. */
export function defaultScenarioFiles(options: Pick<TestOptions, "cwd" | "workflowsDir"> = {}): string[] {
  const cwd = resolve(options.cwd ?? process.cwd());
  const dir = resolve(cwd, options.workflowsDir ?? "workflows", "tests");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json") && statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => relative(cwd, join(dir, name)));
}

function brief(violation: Violation): Record<string, string> {
  return { file: violation.file, path: violation.path, code: violation.code, message: violation.message };
}

/** The report of a scenario that could not run: its one failure says what it needed. */
function invalid(scenario: { file: string; name: string }, failure: Failure): ScenarioReport {
  return { name: scenario.name, ok: false, failures: [failure], wallMillis: 0, file: scenario.file };
}

/** What a run's validation found: each file's own errors, the workflows folder's, the parsed scenarios. */
interface Checked {
  cwd: string;
  errors: Violation[];
  blocking: Violation[];
  workspace: ReturnType<typeof loadWorkspace>;
}

/** The scenario in `file`, or the report of why it cannot run. */
function scenarioOrReport(file: string, checked: Checked): Scenario | ScenarioReport {
  const own = checked.errors.filter((violation) => violation.file === file);
  const parsed = checked.workspace.scenarios.find((scenario) => scenario.file === file);
  const name = parsed?.value.name ?? file;
  if (own.length)
    return invalid({ file, name }, { expect: { valid: file }, actual: { violations: own.map(brief) } });
  if (!parsed) {
    const why = existsSync(resolve(checked.cwd, file))
      ? 'the file is not a scenario (kind "scenario")'
      : "no such file";
    return invalid({ file, name }, { expect: { valid: file }, actual: { found: why } });
  }
  if (checked.blocking.length) {
    const found = "the workflows folder has errors: run handoff validate";
    const actual = { found, violations: checked.blocking.map(brief) };
    return invalid({ file, name }, { expect: { workflows: "valid" }, actual });
  }
  return parsed.value as Scenario;
}

/**
 * Validates the scenario files (with the workflows they test) and runs each valid one in its own
 * fresh local runtime, one after another, all in one ScenarioSession (the workspace compiled once;
 * on "servers" one servers thread, a fresh table per scenario). Any error in the workflows folder
 * keeps every scenario from running: the runtime compiles the whole folder, scenarios in tests/ included.
 */
export async function runScenarioFiles(files: string[], options: TestOptions = {}): Promise<TestReport> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const workflowsDir = resolve(cwd, options.workflowsDir ?? "workflows");
  const templatesDir = resolve(cwd, options.templatesDir ?? "templates");
  const paths = files.map((path) => relative(cwd, resolve(cwd, path)));
  const workspace = loadWorkspace({ cwd, workflowsDir, templatesDir, paths });
  const errors = checkWorkspace(workspace).filter((violation) => violation.severity === "error");
  const inFolder = (file: string) => {
    const full = resolve(cwd, file);
    return full.startsWith(workflowsDir + sep) || full.startsWith(templatesDir + sep);
  };
  const checked: Checked = { cwd, errors, blocking: errors.filter((v) => inFolder(v.file)), workspace };
  const scenarios: ScenarioReport[] = [];
  const session = options.session ?? new ScenarioSession({ ...options, cwd, workflowsDir, templatesDir });
  try {
    for (const file of paths) {
      const found = scenarioOrReport(file, checked);
      const report = "kind" in found ? { ...(await session.run(found)), file } : found;
      scenarios.push(report);
      options.onResult?.(report);
    }
  } finally {
    if (!options.session) await session.close();
  }
  return { ok: scenarios.every((scenario) => scenario.ok), scenarios, violations: checked.blocking };
}

/** The `handoff test --json` shape of the contract, and nothing more: stable across runs. */
export function reportJson(report: Pick<TestReport, "ok" | "scenarios">): string {
  return JSON.stringify(
    {
      ok: report.ok,
      scenarios: report.scenarios.map(({ name, ok, failures }) => ({ name, ok, failures })),
    },
    null,
    2,
  );
}
