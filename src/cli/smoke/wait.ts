/**
 * Waiting for the stage to do something: a read repeated until what it returns passes a test, the
 * check's deadline passes, or the run is interrupted (Ctrl-C). Nothing here knows the API.
 */

/** The run was interrupted while a check waited (Ctrl-C). */
export class SmokeInterrupted extends Error {
  override name = "SmokeInterrupted";
  constructor() {
    super("interrupted (Ctrl-C)");
  }
}

/** How long a check may wait and how often it asks. */
export interface WaitBudget {
  /** Epoch milliseconds: no read starts after this. */
  deadline: number;
  /** Milliseconds between reads. */
  interval: number;
  signal: AbortSignal;
}

/**
 * Reads between 0.2 and 2 s apart, about 60 per deadline: the 180 s default asks every 2 s (nine
 * checks at once stay under an admin key's default 50 requests a second), a short local run often.
 */
export function pollInterval(timeoutSeconds: number): number {
  return Math.min(2000, Math.max(200, Math.round((timeoutSeconds * 1000) / 60)));
}

/** Sleeps `ms`, or less when the deadline comes first; SmokeInterrupted when the signal aborts. */
function pause(ms: number, budget: WaitBudget): Promise<void> {
  return new Promise((resolve, reject) => {
    if (budget.signal.aborted) return reject(new SmokeInterrupted());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new SmokeInterrupted());
    };
    const timer = setTimeout(
      () => {
        budget.signal.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, Math.min(ms, budget.deadline - Date.now())),
    );
    budget.signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Reads until `done(value)` holds: `{ value, met: true }`, or the last value read with `met: false`
 * once the deadline passed. The first read is at once; a read throwing ends the wait with its error.
 */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  budget: WaitBudget,
): Promise<{ value: T; met: boolean }> {
  for (;;) {
    if (budget.signal.aborted) throw new SmokeInterrupted();
    const value = await read();
    if (done(value)) return { value, met: true };
    if (Date.now() >= budget.deadline) return { value, met: false };
    await pause(budget.interval, budget);
  }
}
