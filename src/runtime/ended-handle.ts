import type { ExecutionHandle } from "./machine-runner";

/**
 * What an ended execution's handle keeps: its result and its transition count, and for a failed
 * one the state it was last in with that state's input (where a redrive resumes); nothing live.
 * The live handle holds the whole execution (the interpreter's state, its event log): the local
 * runtime keeps every execution it started (src/runtime/local-runtime.ts), so a long simulation
 * holds only these once they end.
 */
export function endedHandle(live: ExecutionHandle, ended: { redrivable: boolean }): ExecutionHandle {
  const transitions = live.transitions();
  const current = ended.redrivable ? live.current() : undefined;
  return {
    result: live.result,
    transitions: () => transitions,
    current: () => current,
    abort: () => {},
  };
}
