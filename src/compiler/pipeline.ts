import validateAsl from "asl-validator";
import type { Workflow } from "../core/language";
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

/** Checks that a definition is valid Amazon States Language; throws with asl-validator's findings. */
export function assertValidAsl(id: string, definition: StateMachine): void {
  const { isValid, errorsText } = validateAsl(structuredClone(definition), {
    checkArn: true,
    checkPaths: true,
  });
  if (!isValid) throw new Error(`compiled machine '${id}' is not valid ASL: ${errorsText("; ")}`);
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
