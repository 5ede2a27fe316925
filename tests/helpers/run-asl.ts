import "../../src/runtime/polyfills";
import { StateMachine } from "aws-local-stepfunctions";
import type { StateMachine as Definition } from "../../src/compiler/emit/asl";

/**
 * What a scripted task does: return, fail with an error name, or (for a pause) run its course. For
 * a token state `{ payload }` is what its token succeeds with: `{ payload: { pause: { seconds, slot } } }`
 * on an email state that keeps a pause is the stretch (the state goes on to the wait's own state).
 */
export type Outcome = "ok" | "timeout" | { error: string } | { payload: Record<string, unknown> };

function failure(name: string): Error {
  const e = new Error(name);
  e.name = name;
  return e;
}

/**
 * Runs a compiled definition in aws-local-stepfunctions with scripted task outcomes, to test the
 * routing the compiler emits. Timeouts are taken out (the local runner would use real timers);
 * a pause that runs its course is scripted as "timeout", which fails it with States.Timeout. Token
 * states (pauses, and emails keeping the pause after them) run their course unless scripted.
 */
export async function runScripted(definition: Definition, script: Record<string, Outcome | Outcome[]> = {}) {
  const local = structuredClone(definition) as unknown as { States: Record<string, Record<string, unknown>> };
  for (const state of Object.values(local.States)) {
    delete state.TimeoutSeconds;
    delete state.TimeoutSecondsPath;
  }
  const entered: string[] = [];
  const inputs: Record<string, unknown[]> = {};
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, state] of Object.entries(local.States)) {
    if (state.Type !== "Task") continue;
    const isPause = String(state.Resource).endsWith(".waitForTaskToken");
    handlers[name] = async (input) => {
      entered.push(name);
      inputs[name] = [...(inputs[name] ?? []), input];
      const scripted = script[name];
      const outcome =
        (Array.isArray(scripted) ? scripted.shift() : scripted) ??
        (isPause ? "timeout" : name.endsWith(": plan hold") ? { payload: { seconds: 3600, slot: 0 } } : "ok");
      if (outcome === "timeout") throw failure("States.Timeout");
      if (outcome !== "ok" && "error" in outcome) throw failure(outcome.error);
      const output = outcome === "ok" ? {} : outcome.payload;
      // A lambda:invoke returns the function's result under Payload; a token task, what its token succeeded with.
      return isPause ? output : { Payload: output };
    };
  }
  const machine = new StateMachine(local as never, {
    validationOptions: { checkArn: true, checkPaths: true },
  });
  const execution = machine.run(
    { enrollmentId: "enr-1", contactId: "c-1" },
    {
      overrides: { taskResourceLocalHandlers: handlers as never },
      context: { Task: { Token: "local-token" } } as never,
    },
  );
  const events: string[] = [];
  for await (const event of execution.eventLogs) {
    if (event.type === "StateEntered") events.push(event.state.name);
  }
  const output = await execution.result;
  return { entered, states: events, inputs, output };
}
