import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { aslText } from "../../compiler/asl-text";
import { compileWorkspace } from "../../compiler/pipeline";
import { formatViolations } from "../output";
import { type FolderOptions, folders } from "./folders";

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("print the Amazon States Language of a campaign or sequence")
    .argument("<workflow>", "a workflow id (trial-nurture) or the path of its file")
    .action((target: string, _options: unknown, command: Command) => {
      const dirs = folders(command.optsWithGlobals<FolderOptions>());
      const isFile = target.endsWith(".json") && existsSync(target);
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
        process.stderr.write(
          `no campaign or sequence '${target}' in ${dirs.workflowsDir} (there are: ${ids || "none"})\n`,
        );
        process.exitCode = 1;
        return;
      }
      process.stdout.write(aslText(machine.definition));
    });
}
