/**
 * How a command is declared: its name, arguments, options and description here (light modules, so
 * `handoff --help` loads commander and nothing heavy), its action imported only when it runs.
 */
import type { Command } from "commander";
import { exitOnCommanderError, reportingUsageErrors } from "../usage";

/** The command as typed after `handoff`: `validate`, `asana connect`. */
function pathOf(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

/** A subcommand whose commander errors (unknown option, missing argument) are one-line usage errors. */
export function subcommand(parent: Command, name: string, description: string): Command {
  const command = parent.command(name).description(description);
  return command.exitOverride(exitOnCommanderError(pathOf(command)));
}

/** An action of `command` loaded when the command runs; a UsageError it throws is one line, exit 2. */
export function lazyAction<Args extends unknown[]>(
  command: Command,
  load: () => Promise<(...args: Args) => unknown>,
): Command {
  return command.action(
    reportingUsageErrors(pathOf(command), async (...args: Args) => {
      await (await load())(...args);
    }),
  );
}
