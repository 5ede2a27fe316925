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
      process.stderr.write(`handoff ${command}: ${error.message}\n`);
      process.exitCode = error.exitCode;
    }
  };
}
