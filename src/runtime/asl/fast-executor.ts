// The fast executor: runs a compiled machine (compile.ts) as aws-local-stepfunctions runs it (the
// same state data, the same Retry and Catch matching, the same event log, the same errors), without
// its per-execution costs: no JSONPath engine, no async event-log generator, no timers. Retries
// happen at once (the runner's retryIntervalOverrides are 0); token waits time out on the broker's
// virtual clock, so a Task needs no real-time limit. tests/integration/executor-differential.test.ts
// runs both executors on every golden machine and on random outcomes and compares their traces.
import type { CompiledCatcher, CompiledMachine, CompiledState, CompiledTask } from "./compile";
import { ExecutionAbortedError, ExecutionError, UnsupportedDefinitionError } from "./errors";
import { type ExecutionHandle, type Executor, executionContext, type RunOptions } from "./executor";
import { cloneJSON } from "./paths";

/** An error as a state sees it: its name is what Retry and Catch match. */
interface StateError {
  name: string;
  message: string;
  cause?: unknown;
  isRetryable?: boolean;
  isCatchable?: boolean;
}

/**
 * Whether an ErrorEquals entry matches: the name itself, States.ALL, or States.TaskFailed for any
 * error but States.Timeout (as Step Functions matches it; aws-local-stepfunctions excludes only its
 * own timeout errors, and the compiler emits neither wildcard).
 */
function matches(errors: readonly string[], error: StateError): boolean {
  for (const name of errors)
    if (
      name === error.name ||
      name === "States.ALL" ||
      (name === "States.TaskFailed" && error.name !== "States.Timeout")
    )
      return true;
  return false;
}

/** The retrier to retry with (counting the attempt), or undefined: the first retrier that matches decides. */
function retrierFor(task: CompiledTask, attempts: number[], error: StateError): number | undefined {
  if (error.isRetryable === false) return undefined;
  for (let index = 0; index < task.retry.length; index++) {
    if (!matches(task.retry[index]!.errors, error)) continue;
    if (attempts[index]! >= task.retry[index]!.maxAttempts) return undefined;
    attempts[index]!++;
    return index;
  }
  return undefined;
}

function catcherFor(task: CompiledTask, error: StateError): CompiledCatcher | undefined {
  if (error.isCatchable === false) return undefined;
  return task.catchers.find((catcher) => matches(catcher.errors, error));
}

interface StateOutcome {
  output: unknown;
  /** Undefined: the execution ends with `output`. */
  next: string | undefined;
}

/** One execution: its state data, transitions and event log. */
class FastExecution {
  private transitions = 0;
  private current: { state: string; input: unknown } | undefined;
  /** The event log has ended (the execution succeeded, failed or was aborted): nothing more is logged or counted. */
  private closed = false;
  private aborted = false;
  private readonly context: ReturnType<typeof executionContext>;
  private readonly input: unknown;
  private rejectResult: (error: Error) => void = () => {};

  constructor(
    private readonly machine: CompiledMachine,
    private readonly options: RunOptions,
  ) {
    this.input = options.from ? options.from.input : options.input;
    this.context = executionContext(options.executionName, this.input);
  }

  handle(): ExecutionHandle {
    const result = new Promise<unknown>((resolve, reject) => {
      this.rejectResult = reject;
      this.execute().then(resolve, reject);
    });
    return {
      result,
      transitions: () => this.transitions,
      current: () => this.current,
      abort: () => this.abort(),
    };
  }

  private abort(): void {
    if (this.closed) return;
    this.log({ type: "ExecutionAborted", timestamp: Date.now() });
    this.closed = true;
    this.aborted = true;
    this.rejectResult(new ExecutionAbortedError());
  }

  private log(event: Record<string, unknown>): void {
    if (!this.closed) this.options.observe?.(event);
  }

  private async execute(): Promise<unknown> {
    this.log({ type: "ExecutionStarted", timestamp: Date.now(), input: this.input });
    let name = this.options.from?.state ?? this.machine.startAt;
    let data = cloneJSON(this.input);
    try {
      for (;;) {
        const state = this.machine.states.get(name) as CompiledState;
        if (!this.closed) {
          this.transitions++;
          this.current = { state: name, input: data };
        }
        this.log({
          type: "StateEntered",
          timestamp: Date.now(),
          state: { name, type: state.type, input: data },
        });
        const { output, next } =
          state.type === "Task" ? await this.runTask(name, state, data) : { output: data, next: undefined };
        this.log({
          type: "StateExited",
          timestamp: Date.now(),
          state: { name, type: state.type, input: data, output },
        });
        data = output;
        if (next === undefined || this.aborted) break;
        name = next;
      }
    } catch (caught) {
      const error = caught as StateError;
      this.log({
        type: "ExecutionFailed",
        timestamp: Date.now(),
        Error: error.name,
        Cause: error.cause ?? error.message,
      });
      this.closed = true;
      throw new ExecutionError(caught as Error);
    }
    this.log({ type: "ExecutionSucceeded", timestamp: Date.now(), output: data });
    this.closed = true;
    return data;
  }

  /** A Task: Parameters, the invoker, ResultSelector, ResultPath; on an error, Retry then Catch. */
  private async runTask(name: string, task: CompiledTask, input: unknown): Promise<StateOutcome> {
    const invoke = this.options.tasks[name];
    if (!invoke) throw new UnsupportedDefinitionError(`state '${name}'`, "a Task with no local handler");
    const attempts = task.retry.map(() => 0);
    const state = { name, type: "Task", input };
    for (;;) {
      const rawInput = cloneJSON(input);
      try {
        const result = await invoke(task.parameters(input, this.context));
        const selected = task.resultSelector ? task.resultSelector(result, this.context) : result;
        return { output: task.resultPath(rawInput, selected), next: task.next };
      } catch (caught) {
        const error = caught as StateError;
        this.log({
          type: "StateFailed",
          timestamp: Date.now(),
          state,
          Error: error.name,
          Cause: error.cause ?? error.message,
        });
        const retrier = retrierFor(task, attempts, error);
        if (retrier !== undefined) {
          const retry = { retrier: task.retry[retrier]!.source, attempt: attempts[retrier] };
          this.log({ type: "StateRetried", timestamp: Date.now(), state, retry });
          continue;
        }
        const catcher = catcherFor(task, error);
        if (!catcher) throw caught;
        this.log({ type: "StateCaught", timestamp: Date.now(), state, catch: { catcher: catcher.source } });
        const output = catcher.write(rawInput, { Error: error.name, Cause: error.message });
        return { output, next: catcher.next };
      }
    }
  }
}

/** A compiled machine in the fast executor. */
export class FastMachine implements Executor {
  constructor(private readonly machine: CompiledMachine) {}

  run(options: RunOptions): ExecutionHandle {
    if (options.from && !this.machine.states.has(options.from.state))
      throw new Error(`no state '${options.from.state}' to resume at`);
    return new FastExecution(this.machine, options).handle();
  }
}
