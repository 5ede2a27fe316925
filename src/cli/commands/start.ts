import type { Command } from "commander";
import { compileWorkspace } from "../../compiler/pipeline";
import { uninterruptedPaths } from "../../compiler/transitions";
import { bold, dim, formatViolations, green } from "../output";
import { type FolderOptions, folders } from "./folders";

/**
 * `npm start`: checks and compiles every workflow and shows what each machine costs. The local
 * runtime (simulation on a virtual clock) plugs in here once it lands.
 */
export function registerStart(program: Command): void {
  program
    .command("start")
    .description("check and compile every workflow, and show each machine's size and cost")
    .action((_options: unknown, command: Command) => {
      const compilation = compileWorkspace(folders(command.optsWithGlobals<FolderOptions>()));
      if (!compilation.ok) {
        process.stdout.write(`${formatViolations(compilation.violations)}\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(
        `${bold("Handoff")}: ${compilation.machines.length} workflows compiled to Step Functions\n\n`,
      );
      for (const { workflow, definition } of compilation.machines) {
        const paths = uninterruptedPaths(definition);
        const worst = paths.reduce((a, b) => (b.transitions / b.emails > a.transitions / a.emails ? b : a));
        process.stdout.write(
          `  ${workflow.kind.padEnd(8)} ${workflow.id.padEnd(20)} ${String(Object.keys(definition.States).length).padStart(3)} states  ` +
            `${worst.emails} emails in ${worst.transitions} transitions ${dim(`(${(worst.transitions / worst.emails).toFixed(1)} per email)`)}\n`,
        );
      }
      process.stdout.write(
        `\n${green("✓")} run ${bold("npx handoff compile <id>")} to see a machine's ASL\n`,
      );
    });
}
