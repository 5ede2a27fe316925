import type { CommanderError } from "commander";

/**
 * A mistake on the command line: one line on stderr and exit code 2, never a stack trace. A failure
 * that is not the user's (a server error) is one line too, with exit code 1.
 */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
  }
}

/** The line every usage error is: `handoff <command>: <what and what to do>` (`handoff: …` outside a command). */
export function usageLine(command: string, message: string): string {
  return `handoff${command ? ` ${command}` : ""}: ${message}\n`;
}

/** Wraps a command's action so that a UsageError it throws is printed as `handoff <command>: <message>`. */
export function reportingUsageErrors<Args extends unknown[]>(
  command: string,
  action: (...args: Args) => Promise<void>,
): (...args: Args) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      process.stderr.write(usageLine(command, error.message));
      process.exitCode = error.exitCode;
    }
  };
}

/**
 * Commander's own errors (an unknown option or command, a missing argument) as a usage error of
 * `command`: one line, exit 2. Help and --version exit as commander says (0; 1 for `handoff` alone).
 */
export function exitOnCommanderError(command: string): (error: CommanderError) => never {
  return (error) => {
    if (
      error.code === "commander.helpDisplayed" ||
      error.code === "commander.version" ||
      error.code === "commander.help"
    )
      process.exit(error.exitCode);
    const what = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
    process.stderr.write(usageLine(command, `${what}; see handoff ${command ? `${command} ` : ""}--help`));
    process.exit(2);
  };
}
