import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { aslText } from "../../compiler/asl-text";
import { compileWorkspace } from "../../compiler/pipeline";
import { formatViolations } from "../output";
import { UsageError } from "../usage";
import { type FolderOptions, folders } from "./folders";

/** `handoff compile <workflow>`: the ASL of a workflow named by id or file; an unknown one is a usage error. */
export function compile(target: string, _options: unknown, command: Command): void {
  const dirs = folders(command.optsWithGlobals<FolderOptions>());
  if (target.endsWith(".json") && !existsSync(target))
    throw new UsageError(`no file ${target}: give a workflow id or the path of a workflow file`);
  const isFile = target.endsWith(".json");
  const compilation = compileWorkspace({ ...dirs, paths: isFile ? [target] : [] });
  if (!compilation.ok) {
    process.stderr.write(
      `${formatViolations(compilation.violations)}\nfix these errors, then compile again\n`,
    );
    process.exitCode = 1;
    return;
  }
  const file = isFile ? relative(process.cwd(), resolve(target)) : undefined;
  const machine = compilation.machines.find((m) => (file ? m.file === file : m.workflow.id === target));
  if (!machine) {
    const ids = compilation.machines.map((m) => m.workflow.id).join(", ");
    throw new UsageError(
      `no campaign or sequence '${target}' in ${dirs.workflowsDir} (there are: ${ids || "none"})`,
    );
  }
  process.stdout.write(aslText(machine.definition));
}
