// aws-local-stepfunctions, the reference executor: how a compiled machine runs, what the fast
// executor (fast-executor.ts) must match. Loaded only when a machine runs in it (it imports the AWS
// SDK's Lambda client: about half a second), synchronously, through its CommonJS build.
import "../polyfills";
import { createRequire } from "node:module";
import type { StateMachine } from "aws-local-stepfunctions";
import { CONTEXT_TASK_TOKEN, type ExecutionHandle, type Executor, type RunOptions } from "./executor";

type Library = typeof import("aws-local-stepfunctions");
let library: Library | undefined;

function loadLibrary(): Library {
  library ??= createRequire(import.meta.url)("aws-local-stepfunctions") as Library;
  return library;
}

/** A definition validated by aws-local-stepfunctions (150-380 ms): built once, and once per redrive state. */
export class ReferenceMachine implements Executor {
  private readonly machine: StateMachine;
  /** The same definition starting at a given state, for redrives (built once per state). */
  private readonly resumers = new Map<string, StateMachine>();
  /** Every Task state retries at once (the local runtime has no real-time waits). */
  private readonly retryOverrides: Record<string, number> = {};

  /** `definition`: the definition as the library runs it (the machine runner's local copy). */
  constructor(private readonly definition: { StartAt: string; States: Record<string, { Type: string }> }) {
    for (const [name, state] of Object.entries(definition.States))
      if (state.Type === "Task") this.retryOverrides[name] = 0;
    this.machine = this.build(definition.StartAt);
  }

  private build(startAt: string): StateMachine {
    const { StateMachine } = loadLibrary();
    return new StateMachine({ ...this.definition, StartAt: startAt } as never, {
      validationOptions: { checkArn: true, checkPaths: true },
    });
  }

  private resumer(state: string): StateMachine {
    let machine = this.resumers.get(state);
    if (!machine) {
      machine = this.build(state);
      this.resumers.set(state, machine);
    }
    return machine;
  }

  run({ executionName, input, from, tasks, observe }: RunOptions): ExecutionHandle {
    const machine = from ? this.resumer(from.state) : this.machine;
    const execution = machine.run((from?.input ?? input) as never, {
      overrides: { taskResourceLocalHandlers: tasks as never, retryIntervalOverrides: this.retryOverrides },
      context: {
        Execution: { Name: executionName, Input: input },
        Task: { Token: CONTEXT_TASK_TOKEN },
      } as never,
    });
    let transitions = 0;
    let current: { state: string; input: unknown } | undefined;
    const counting = (async () => {
      try {
        for await (const event of execution.eventLogs) {
          observe?.(event);
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
