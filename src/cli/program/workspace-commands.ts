/** The commands on the workflows folder: validate, compile, schema, test (src/cli/commands/ runs them). */
import type { Command } from "commander";
import { lazyAction, subcommand } from "./lazy";
import { backendOptions } from "./local-commands";

export function registerWorkspaceCommands(program: Command): void {
  lazyAction(
    subcommand(
      program,
      "validate",
      "check workflow files (default: the workflows folder) and the templates they use",
    )
      .argument("[paths...]", "workflow files, or folders to check as whole workflows folders")
      .option(
        "--json",
        "print { ok, violations: [ { file, path, code, message, severity, line, column } ] }",
      ),
    async () => (await import("../commands/validate")).validate,
  );
  lazyAction(
    subcommand(program, "compile", "print the Amazon States Language of a campaign or sequence").argument(
      "<workflow>",
      "a workflow id (trial-nurture) or the path of its file",
    ),
    async () => (await import("../commands/compile")).compile,
  );
  lazyAction(
    subcommand(
      program,
      "schema",
      "print the JSON Schema of workflow files (editors use workflows/schema.json)",
    )
      .option("--write", "write it to <workflows>/schema.json")
      .option("--check", "exit 1 when <workflows>/schema.json is stale"),
    async () => (await import("../commands/schema")).schema,
  );
  lazyAction(
    backendOptions(
      subcommand(
        program,
        "test",
        "run scenarios (default: <workflows>/tests/*.json) on a virtual clock and check them",
      )
        .argument("[files...]", "scenario files")
        .option(
          "--json",
          'print { "ok", "scenarios": [ { "name", "ok", "failures": [ { "expect", "actual" } ] } ] }',
        ),
    ),
    async () => (await import("../commands/test")).test,
  );
}
