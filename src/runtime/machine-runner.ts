import "./polyfills";
import { StateMachine } from "aws-local-stepfunctions";
import type { StateMachine as Definition, TaskState } from "../compiler/emit/asl";
import type { StepHandler } from "../core/engine/step-handlers";
import { FUNCTIONS, type FunctionKey } from "../core/step-lambdas";
import { SucceededThenThrewError, type TokenBroker } from "./token-broker";

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

export interface ExecutionHandle {
  result: Promise<unknown>;
  transitions: () => number;
  /** The state the execution was last in, with its input: where a redrive resumes. */
  current: () => { state: string; input: unknown } | undefined;
  abort(): void;
}

/**
 * Runs one compiled definition in aws-local-stepfunctions, validated once and reused for every
 * execution. Timeouts of token tasks move to the broker's virtual clock (the runner's own timers
 * are real time and overflow past 24.8 days); retries happen at once; every Lambda task calls the
 * in-process handler its FunctionName placeholder names.
 */
export class MachineRunner {
  private readonly machine: StateMachine;
  private readonly local: Definition;
  /** The same definition starting at a given state, for redrives (built once per state). */
  private readonly resumers = new Map<string, StateMachine>();
  private readonly localHandlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  private readonly retryOverrides: Record<string, number> = {};

  constructor(
    readonly workflowId: string,
    definition: Definition,
    private readonly hooks: RunnerHooks,
  ) {
    const local = structuredClone(definition) as Definition;
    for (const [name, state] of Object.entries(local.States)) {
      if (state.Type !== "Task") continue;
      const original = definition.States[name] as TaskState;
      const task = state as TaskState;
      delete task.TimeoutSeconds;
      delete task.TimeoutSecondsPath;
      const waits = task.Resource.endsWith(".waitForTaskToken");
      // The runner would time a task out after 60 s of real time: token waits end on the broker's
      // virtual clock instead, so give every task a real-time limit it never reaches.
      task.TimeoutSeconds = waits ? LOCAL_WAIT_SECONDS : LOCAL_TASK_SECONDS;
      const key = BY_PLACEHOLDER.get(String(task.Parameters.FunctionName));
      if (!key)
        throw new Error(
          `state '${name}' of ${workflowId} calls an unknown function ${String(task.Parameters.FunctionName)}`,
        );
      this.retryOverrides[name] = 0;
      this.localHandlers[name] = waits ? this.tokenTask(name, key, original) : this.plainTask(key);
    }
    this.local = local;
    this.machine = new StateMachine(local as never, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
  }

  private resumer(state: string): StateMachine {
    let machine = this.resumers.get(state);
    if (!machine) {
      machine = new StateMachine({ ...this.local, StartAt: state } as never, {
        validationOptions: { checkArn: true, checkPaths: true },
      });
      this.resumers.set(state, machine);
    }
    return machine;
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
    const machine = from ? this.resumer(from.state) : this.machine;
    const execution = machine.run((from?.input ?? input) as never, {
      overrides: {
        taskResourceLocalHandlers: this.localHandlers as never,
        retryIntervalOverrides: this.retryOverrides,
      },
      context: {
        Execution: { Name: executionName, Input: input },
        Task: { Token: "issued-by-the-local-broker" },
      } as never,
    });
    let transitions = 0;
    let current: { state: string; input: unknown } | undefined;
    const counting = (async () => {
      try {
        for await (const event of execution.eventLogs) {
          this.hooks.observe?.(executionName, event);
          if (event.type !== "StateEntered") continue;
          transitions++;
          current = { state: event.state.name, input: event.state.input };
        }
      } catch {
        // an aborted execution ends its log with an error: the count so far stands
      }
    })();
    return {
      result: execution.result.finally(() => counting),
      transitions: () => transitions,
      current: () => current,
      abort: () => execution.abort(),
    };
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
