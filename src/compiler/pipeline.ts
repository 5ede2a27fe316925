import type { Workflow } from "../core/language";
import { assertValidAsl } from "./asl-validation";
import { checkWorkspace } from "./check";
import { compileWorkflow } from "./compile";
import type { StateMachine } from "./emit/asl";
import { type LoadOptions, loadWorkspace } from "./load";
import { isBuiltInFile, withBuiltIns } from "./smoke-workflows";
import type { Violation } from "./violation";
import type { Workspace } from "./workspace";

export interface CompiledWorkflow {
  workflow: Workflow;
  file: string;
  definition: StateMachine;
}

export interface Compilation {
  workspace: Workspace;
  violations: Violation[];
  ok: boolean;
  machines: CompiledWorkflow[];
}

export interface CompileOptions extends LoadOptions {
  /**
   * "folder" (default): the marketer's files only (`handoff compile`). "deployment": also Handoff's
   * built-in workflows and template (src/compiler/smoke-workflows.ts), as every stage deploys them:
   * what catalog.json, the stacks and the local runtime compile.
   */
  scope?: "folder" | "deployment";
}

/** parse → check → emit for a whole workspace; emits only when no check found an error. */
export function compileWorkspace(options: CompileOptions = {}): Compilation {
  const folder = loadWorkspace(options);
  const workspace = options.scope === "deployment" ? withBuiltIns(folder) : folder;
  // The built-ins' own warnings (their events named nowhere else) are no marketer's business.
  const violations = checkWorkspace(workspace).filter(
    (v) => v.severity === "error" || !isBuiltInFile(v.file),
  );
  const ok = !violations.some((v) => v.severity === "error");
  const settings = workspace.settings[0]?.value;
  const machines: CompiledWorkflow[] = [];
  if (ok && settings) {
    for (const { value, file } of workspace.workflows) {
      const definition = compileWorkflow(value, settings);
      assertValidAsl(value.id, definition);
      machines.push({ workflow: value, file, definition });
    }
  }
  return { workspace, violations, ok, machines };
}
