/**
 * How a command is declared: its name, arguments, options and description here (light modules, so
 * `handoff --help` loads commander and nothing heavy), its action imported only when it runs.
 */
import type { Command } from "commander";
import { exitOnCommanderError, reportingUsageErrors } from "../usage";

/** A subcommand whose commander errors (unknown option, missing argument) are one-line usage errors. */
export function subcommand(parent: Command, name: string, description: string): Command {
  const path = parent.parent ? `${parent.name()} ${name}` : name;
  return parent.command(name).description(description).exitOverride(exitOnCommanderError(path));
}

/** An action of `command` loaded when the command runs; a UsageError it throws is one line, exit 2. */
export function lazyAction<Args extends unknown[]>(
  command: Command,
  load: () => Promise<(...args: Args) => unknown>,
): Command {
  const path = command.parent?.parent ? `${command.parent.name()} ${command.name()}` : command.name();
  return command.action(
    reportingUsageErrors(path, async (...args: Args) => {
      await (await load())(...args);
    }),
  );
}
