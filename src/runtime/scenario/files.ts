import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { checkWorkspace } from "../../compiler/check";
import { loadWorkspace } from "../../compiler/load";
import type { Violation } from "../../compiler/violation";
import type { Scenario } from "../../core/language";
import type { Failure } from "./expectations";
import { type RunScenarioOptions, runScenario, type ScenarioRun } from "./run";

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

export interface TestOptions extends RunScenarioOptions {
  /** Called after each scenario ran (or was found invalid), in order. */
  onResult?: (report: ScenarioReport) => void;
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

/**
 * Validates the scenario files (with the workflows they test) and runs each valid one in its own
 * fresh local runtime, one after another. Any error in the workflows folder keeps every scenario
 * from running: the runtime compiles the whole folder, scenarios in tests/ included.
 */
export async function runScenarioFiles(files: string[], options: TestOptions = {}): Promise<TestReport> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const workflowsDir = resolve(cwd, options.workflowsDir ?? "workflows");
  const templatesDir = resolve(cwd, options.templatesDir ?? "templates");
  const rel = (path: string) => relative(cwd, resolve(cwd, path));
  const paths = files.map(rel);
  const workspace = loadWorkspace({ cwd, workflowsDir, templatesDir, paths });
  const errors = checkWorkspace(workspace).filter((violation) => violation.severity === "error");
  const inFolder = (file: string) => {
    const full = resolve(cwd, file);
    return full.startsWith(workflowsDir + sep) || full.startsWith(templatesDir + sep);
  };
  const blocking = errors.filter((violation) => inFolder(violation.file));
  const scenarios: ScenarioReport[] = [];
  const emit = (report: ScenarioReport) => {
    scenarios.push(report);
    options.onResult?.(report);
  };
  for (const file of paths) {
    const own = errors.filter((violation) => violation.file === file);
    const parsed = workspace.scenarios.find((scenario) => scenario.file === file);
    const name = parsed?.value.name ?? file;
    if (own.length) {
      emit(invalid({ file, name }, { expect: { valid: file }, actual: { violations: own.map(brief) } }));
    } else if (!parsed) {
      const why = existsSync(resolve(cwd, file))
        ? 'the file is not a scenario (kind "scenario")'
        : "no such file";
      emit(invalid({ file, name }, { expect: { valid: file }, actual: { found: why } }));
    } else if (blocking.length) {
      const found = "the workflows folder has errors: run handoff validate";
      const actual = { found, violations: blocking.map(brief) };
      emit(invalid({ file, name }, { expect: { workflows: "valid" }, actual }));
    } else {
      const run = await runScenario(parsed.value as Scenario, {
        ...options,
        cwd,
        workflowsDir,
        templatesDir,
      });
      emit({ ...run, file });
    }
  }
  return { ok: scenarios.every((scenario) => scenario.ok), scenarios, violations: blocking };
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
