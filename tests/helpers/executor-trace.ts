import type { StateMachine as Definition } from "../../src/compiler/emit/asl";
import type { StepHandler } from "../../src/core/engine/step-handlers";
import { FUNCTIONS, type FunctionKey } from "../../src/core/step-lambdas";
import { type ExecutorKind, MachineRunner } from "../../src/runtime/machine-runner";
import { TokenBroker } from "../../src/runtime/token-broker";
import { VirtualClock } from "../../src/runtime/virtual-clock";

/**
 * What one handler call does. `throw` fails it with an error of that name; otherwise it returns
 * `value`. A token task's call may also succeed its own token first (`early`, and `throwAfter`
 * then throws anyway), or keep it: `settle` says what happens to the token once the execution waits.
 */
export interface CallOutcome {
  throw?: string | undefined;
  value?: unknown;
  early?: Record<string, unknown> | undefined;
  throwAfter?: string | undefined;
  settle: { succeed: Record<string, unknown> } | { fail: string } | "timeout" | "abort";
}

export interface Scenario {
  input: Record<string, unknown>;
  calls: CallOutcome[];
  /** Redrives to try after a failure. */
  redrives: number;
}

/** Everything one executor did: per run, its events (no timestamps), the handler calls, the end, transitions and where it stood. */
export interface Trace {
  calls: Array<{ key: string; payload: unknown }>;
  runs: Array<{ events: unknown[]; end: unknown; transitions: number; current: unknown }>;
  executor: ExecutorKind;
}

/** After this many calls every call times out or returns {}: a loop of holds still ends. */
const AFTER_SCRIPT: CallOutcome = { value: {}, settle: "timeout" };
const MAX_CALLS = 80;

function named(name: string, message = `scripted ${name}`): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Errors and undefined members as JSON sees them, so both executors' traces compare as data. */
function plain(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value ?? null, (_, member) =>
      member instanceof Error
        ? { name: member.name, message: member.message, cause: plain((member as { cause?: unknown }).cause) }
        : member,
    ),
  );
}

/** Runs `scenario` on `definition` in one executor, with a fresh clock and broker, and records what happened. */
export async function traceRun(
  definition: Definition,
  scenario: Scenario,
  executor: ExecutorKind,
): Promise<Trace> {
  const clock = new VirtualClock("2026-03-02T10:00:00Z");
  const broker = new TokenBroker(clock, () => {});
  const trace: Trace = { calls: [], runs: [], executor };
  let events: unknown[] = [];
  let pending: (() => void) | undefined;
  let abortCurrent = () => {};
  const act = (outcome: CallOutcome, token: string) => {
    const { settle } = outcome;
    if (settle === "abort") {
      abortCurrent();
      broker.releaseAll();
    } else if (settle === "timeout") {
      clock.advanceTo(broker.nextDeadline() ?? clock.millis());
      broker.expire(clock.millis());
    } else if ("succeed" in settle) broker.succeed(token, settle.succeed);
    else broker.fail(token, settle.fail, `scripted ${settle.fail}`);
  };
  const handler = (key: string) => async (payload: unknown) => {
    const outcome = scenario.calls[trace.calls.length] ?? AFTER_SCRIPT;
    trace.calls.push({ key, payload: plain(payload) });
    if (trace.calls.length > MAX_CALLS) throw named("Harness.TooManyCalls");
    if (outcome.throw) throw named(outcome.throw);
    const token = (payload as { taskToken?: string }).taskToken;
    if (token !== undefined) {
      if (outcome.early) broker.succeed(token, outcome.early);
      if (outcome.throwAfter) throw named(outcome.throwAfter);
      pending = () => act(outcome, token);
    }
    return outcome.value;
  };
  const handlers = Object.fromEntries(Object.keys(FUNCTIONS).map((key) => [key, handler(key)]));
  const runner = new MachineRunner(
    "differential",
    definition,
    {
      broker,
      handlers: handlers as unknown as Record<FunctionKey, StepHandler>,
      // The waiter is installed after sleep() returns: settle the token a turn later.
      sleep: () => {
        const action = pending;
        pending = undefined;
        if (action) setImmediate(action);
      },
      observe: (_, event) => events.push(plain({ ...(event as object), timestamp: 0 })),
    },
    { executor },
  );
  if (runner.executorKind !== executor)
    throw new Error(`the runner chose ${runner.executorKind}, not ${executor}`);
  let from: { state: string; input: unknown } | undefined;
  for (let run = 0; run <= scenario.redrives; run++) {
    events = [];
    // As the runtime redrives: the same name, the failed state's input, no new execution input.
    const handle = runner.start(run === 0 ? scenario.input : {}, "exec-1", from);
    abortCurrent = () => handle.abort();
    const end = await handle.result.then(
      (output) => ({ output: plain(output) }),
      (error: Error) => ({ error: plain(error) }),
    );
    // An aborted execution's last task settles when the broker releases it: let that happen.
    await new Promise((resolve) => setImmediate(resolve));
    trace.runs.push({ events, end, transitions: handle.transitions(), current: plain(handle.current()) });
    from = handle.current();
    const error = (end as { error?: { name: string } }).error;
    if (!error || error.name === "ExecutionAbortedError" || !from) break;
  }
  return trace;
}
