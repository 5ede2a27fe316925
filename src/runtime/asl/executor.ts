// What both executors of a compiled machine offer the machine runner (src/runtime/machine-runner.ts):
// the fast one (fast-executor.ts) and aws-local-stepfunctions, the reference (reference-executor.ts).

export interface ExecutionHandle {
  result: Promise<unknown>;
  transitions: () => number;
  /** The state the execution was last in, with its input: where a redrive resumes. */
  current: () => { state: string; input: unknown } | undefined;
  abort(): void;
}

/** A Task state's work: its effective input (after Parameters) in, its result out. */
export type TaskInvoker = (input: unknown) => Promise<unknown>;

export interface RunOptions {
  executionName: string;
  /** The execution's input; a redrive starts at `from.state` with `from.input` instead. */
  input: Record<string, unknown>;
  from?: { state: string; input: unknown } | undefined;
  /** The work of every Task state, by state name. */
  tasks: Readonly<Record<string, TaskInvoker>>;
  /** Every entry of the execution's event log, shaped as aws-local-stepfunctions logs it. */
  observe?: ((event: unknown) => void) | undefined;
}

export interface Executor {
  run(options: RunOptions): ExecutionHandle;
}

/**
 * `$$.Task.Token` in both executors: a placeholder, since the token task's invoker passes the token
 * the local broker issued (src/runtime/machine-runner.ts).
 */
export const CONTEXT_TASK_TOKEN = "issued-by-the-local-broker";

/** The context object (`$$`) of an execution, as aws-local-stepfunctions builds it. */
export function executionContext(executionName: string, input: unknown) {
  return {
    Execution: { Name: executionName, Input: input, StartTime: new Date().toISOString() },
    Task: { Token: CONTEXT_TASK_TOKEN },
  };
}
