import type { StateMachine as Definition, TaskState } from "../compiler/emit/asl";
import type { StepHandler } from "../core/engine/step-handlers";
import { FUNCTIONS, type FunctionKey } from "../core/step-lambdas";
import { compileMachine } from "./asl/compile";
import { UnsupportedDefinitionError } from "./asl/errors";
import type { ExecutionHandle, Executor, TaskInvoker } from "./asl/executor";
import { FastMachine } from "./asl/fast-executor";
import { ReferenceMachine } from "./asl/reference-executor";
import { SucceededThenThrewError, type TokenBroker } from "./token-broker";

export type { ExecutionHandle } from "./asl/executor";

const BY_PLACEHOLDER = new Map(
  Object.entries(FUNCTIONS).map(([key, name]) => [`\${${name}}`, key as FunctionKey]),
);

/** Real-time limit for a plain Lambda task locally (the runner's default is 60 s). */
const LOCAL_TASK_SECONDS = 3600;
/** Real-time limit for a token wait: just under Node's 2^31 ms timer ceiling (24.8 days). */
const LOCAL_WAIT_SECONDS = 2_000_000;

export interface RunnerHooks {
  broker: TokenBroker;
  handlers: Record<FunctionKey, StepHandler>;
  /** The execution stops being runnable (it waits on a token). */
  sleep(): void;
  /** Every entry of an execution's event log (state input and output, errors and causes). */
  observe?(executionName: string, event: unknown): void;
}

/** Which interpreter runs the compiled machines: see docs/local-runtime.md ("Two executors"). */
export type ExecutorKind = "fast" | "reference";

/** The executor RuntimeOptions.executor names, else HANDOFF_EXECUTOR's, else the fast one. */
export function executorKindOf(option: ExecutorKind | undefined): ExecutorKind {
  if (option) return option;
  const chosen = process.env.HANDOFF_EXECUTOR;
  if (chosen === undefined || chosen === "" || chosen === "fast") return "fast";
  if (chosen === "reference") return "reference";
  throw new Error(`HANDOFF_EXECUTOR is '${chosen}': set it to 'fast' or 'reference', or unset it`);
}

/**
 * The definition as aws-local-stepfunctions runs it: every Task gets a real-time limit it never
 * reaches (the library's default is 60 s of real time; token waits end on the broker's virtual clock).
 */
function referenceDefinition(definition: Definition): Definition {
  const local = structuredClone(definition);
  for (const state of Object.values(local.States)) {
    if (state.Type !== "Task") continue;
    delete state.TimeoutSecondsPath;
    state.TimeoutSeconds = state.Resource.endsWith(".waitForTaskToken")
      ? LOCAL_WAIT_SECONDS
      : LOCAL_TASK_SECONDS;
  }
  return local;
}

/** The executors built for one definition object: a reused catalog validates and compiles each machine once. */
interface BuiltExecutors {
  fast?: FastMachine | UnsupportedDefinitionError;
  reference?: ReferenceMachine;
}
const built = new WeakMap<Definition, BuiltExecutors>();

/** The executor of `kind` for a definition; a definition outside the fast executor's subset runs in the reference. */
export function executorFor(
  definition: Definition,
  kind: ExecutorKind,
): { executor: Executor; kind: ExecutorKind } {
  let entry = built.get(definition);
  if (!entry) {
    entry = {};
    built.set(definition, entry);
  }
  if (kind === "fast") {
    entry.fast ??= fastOrRefusal(definition);
    if (entry.fast instanceof FastMachine) return { executor: entry.fast, kind: "fast" };
  }
  entry.reference ??= new ReferenceMachine(referenceDefinition(definition));
  return { executor: entry.reference, kind: "reference" };
}

function fastOrRefusal(definition: Definition): FastMachine | UnsupportedDefinitionError {
  try {
    return new FastMachine(compileMachine(definition));
  } catch (error) {
    if (error instanceof UnsupportedDefinitionError) return error;
    throw error;
  }
}

/**
 * Runs one compiled definition, in the fast executor (src/runtime/asl/fast-executor.ts) or in
 * aws-local-stepfunctions (the reference, and the fallback for a definition outside the fast
 * executor's subset); either is built once per definition object and reused. Timeouts of token
 * tasks are on the broker's virtual clock; retries happen at once; every Lambda task calls the
 * in-process handler its FunctionName placeholder names.
 */
export class MachineRunner {
  private readonly executor: Executor;
  /** The executor that runs this machine (a refused definition runs in the reference). */
  readonly executorKind: ExecutorKind;
  private readonly tasks: Record<string, TaskInvoker> = {};

  constructor(
    readonly workflowId: string,
    definition: Definition,
    private readonly hooks: RunnerHooks,
    options: { executor?: ExecutorKind | undefined } = {},
  ) {
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type !== "Task") continue;
      const key = BY_PLACEHOLDER.get(String(state.Parameters.FunctionName));
      if (!key)
        throw new Error(
          `state '${name}' of ${workflowId} calls an unknown function ${String(state.Parameters.FunctionName)}`,
        );
      const waits = state.Resource.endsWith(".waitForTaskToken");
      this.tasks[name] = waits ? this.tokenTask(name, key, state) : this.plainTask(key);
    }
    const chosen = executorFor(definition, executorKindOf(options.executor));
    this.executor = chosen.executor;
    this.executorKind = chosen.kind;
  }

  private plainTask(key: FunctionKey) {
    return async (input: unknown) => {
      const payload = (input as { Payload: unknown }).Payload;
      return { Payload: (await this.hooks.handlers[key](payload)) ?? {} };
    };
  }

  /**
   * A `.waitForTaskToken` task: the token is issued before the handler runs, so the handler may
   * succeed it itself (a pause stretched by the email state, an event already seen); that early
   * success is kept and the task ends with it. A handler that throws after succeeding its own
   * token fails the execution (SucceededThenThrewError): AWS would keep the success.
   */
  private tokenTask(state: string, key: FunctionKey, original: TaskState) {
    return async (input: unknown) => {
      const payload = (input as { Payload: Record<string, unknown> }).Payload;
      const seconds = original.TimeoutSeconds ?? readPath(input, original.TimeoutSecondsPath);
      const token = this.hooks.broker.issue(seconds);
      try {
        await this.hooks.handlers[key]({ ...payload, taskToken: token });
      } catch (error) {
        if (this.hooks.broker.cancel(token) === "already-succeeded")
          throw new SucceededThenThrewError(state, error);
        throw error;
      }
      return this.hooks.broker.wait(token, this.hooks.sleep);
    };
  }

  /**
   * Runs an execution; with `from`, resumes one at that state with that state's input, as Step
   * Functions' RedriveExecution does (same name, same definition, the failed state run again).
   */
  start(
    input: Record<string, unknown>,
    executionName: string,
    from?: { state: string; input: unknown },
  ): ExecutionHandle {
    const observe = this.hooks.observe;
    return this.executor.run({
      executionName,
      input,
      from,
      tasks: this.tasks,
      ...(observe ? { observe: (event: unknown) => observe(executionName, event) } : {}),
    });
  }
}

function readPath(input: unknown, path: string | undefined): number {
  if (!path) throw new Error("a token task without TimeoutSeconds or TimeoutSecondsPath");
  let node: unknown = input;
  for (const key of path
    .replace(/^\$\.?/, "")
    .split(".")
    .filter(Boolean))
    node = (node as Record<string, unknown> | undefined)?.[key];
  if (typeof node !== "number" || node < 1) throw new Error(`${path} is not a positive number of seconds`);
  return node;
}
