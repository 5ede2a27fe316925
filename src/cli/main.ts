/**
 * The `handoff` command. Only names, options and descriptions are declared here and in
 * src/cli/program/; each action imports its module (src/cli/commands/) when it runs, so `--help`
 * and a usage error load commander and nothing heavy.
 */
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerApiCommands } from "./program/api-commands";
import { registerLocalCommands } from "./program/local-commands";
import { registerWorkspaceCommands } from "./program/workspace-commands";
import { exitOnCommanderError } from "./usage";

/** package.json's version: two folders up from src/cli/main.ts and from its build, dist/cli/main.js. */
function version(): string {
  const packageJson = readFileSync(new URL("../../package.json", import.meta.url), "utf8");
  return (JSON.parse(packageJson) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command()
    .name("handoff")
    .description("Marketing-to-sales automation: campaigns and sequences as JSON, run by AWS Step Functions.")
    .version(version(), "-V, --version", "print the version")
    .option("--workflows <dir>", "folder of the workflow files", "workflows")
    .option("--templates <dir>", "folder of the email templates", "templates")
    // Commander's errors become one line (src/cli/usage.ts); subcommands inherit this output setting.
    .configureOutput({ outputError: () => {} })
    .exitOverride(exitOnCommanderError(""));
  registerWorkspaceCommands(program);
  registerApiCommands(program);
  registerLocalCommands(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
