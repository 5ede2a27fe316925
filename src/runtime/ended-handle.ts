import type { ExecutionHandle } from "./machine-runner";

/** What endExecutionHandle reads and changes of an execution record (src/runtime/local-runtime.ts). */
interface Followed {
  status: string;
  handle: ExecutionHandle;
}

/**
 * Swaps an ended execution's live handle for one that keeps its result and its transition count,
 * and for a failed one the state it was last in with that state's input (where a redrive resumes);
 * nothing live. The live handle holds the whole execution (the interpreter's state, its event
 * log), and the local runtime keeps every execution it started: a long simulation holds only these
 * once they end. A redrive may have replaced the record's handle meanwhile: only `live` ended.
 */
export function endExecutionHandle(record: Followed, live: ExecutionHandle): void {
  if (record.handle !== live) return;
  const transitions = live.transitions();
  const current = record.status === "failed" ? live.current() : undefined;
  record.handle = {
    result: live.result,
    transitions: () => transitions,
    current: () => current,
    abort: () => {},
  };
}
