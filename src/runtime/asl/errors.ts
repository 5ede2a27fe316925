// The errors of the fast executor. Those an execution ends with have the names and messages of
// aws-local-stepfunctions' own (ExecutionError wrapping the cause, ExecutionAbortedError,
// States.Runtime), so the runtime reads a failure the same way from either executor.

/**
 * The definition uses something outside the ASL subset the fast executor runs (the subset the
 * compiler emits, src/compiler/emit/asl.ts). Thrown at construction: the machine runner then runs
 * that definition in aws-local-stepfunctions instead, so nothing outside the subset runs wrong.
 */
export class UnsupportedDefinitionError extends Error {
  constructor(
    readonly where: string,
    what: string,
  ) {
    super(`${where}: ${what} is outside the ASL subset the fast executor runs`);
    this.name = "Handoff.Local.UnsupportedDefinition";
  }
}

/** States.Runtime: a path that points to no value. Neither retried nor caught, as in Step Functions. */
export class StatesRuntimeError extends Error {
  /** Read as aws-local-stepfunctions reads them on its own errors (absent: true). */
  readonly isRetryable = false;
  readonly isCatchable = false;
  constructor(message: string) {
    super(message);
    this.name = "States.Runtime";
  }
}

/** The execution failed: `cause` is the error that ended it (what Step Functions reports). */
export class ExecutionError extends Error {
  constructor(caught: Error) {
    super(`Execution has failed with the following error: ${caught.message}`, { cause: caught });
    this.name = "ExecutionError";
  }
}

export class ExecutionAbortedError extends Error {
  constructor() {
    super("Execution aborted");
    this.name = "ExecutionAbortedError";
  }
}
