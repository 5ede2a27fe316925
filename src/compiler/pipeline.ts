import type { Workflow } from "../core/language";
import { assertValidAsl } from "./asl-validation";
import { checkWorkspace } from "./check";
import { compileWorkflow } from "./compile";
import type { StateMachine } from "./emit/asl";
import { type LoadOptions, loadWorkspace } from "./load";
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

/** parse → check → emit for a whole workspace; emits only when no check found an error. */
export function compileWorkspace(options: LoadOptions = {}): Compilation {
  const workspace = loadWorkspace(options);
  const violations = checkWorkspace(workspace);
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
