import type { TaskSignal } from "../core/ports";
import { MinHeap } from "./min-heap";
import type { VirtualClock } from "./virtual-clock";

type Outcome = { ok: true; output: Record<string, unknown> } | { ok: false; error: Error };

interface Pending {
  deadline: number;
  outcome?: Outcome;
  waiter?: { resolve(value: Record<string, unknown>): void; reject(error: Error): void };
}

/** An error the way Step Functions names it, so the machine's Catch matches on `name`. */
export function statesError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/**
 * A token task's handler threw after it had succeeded its own token. Step Functions keeps the first
 * outcome (the success) and ignores the error, so the local runtime would diverge from AWS: the
 * handler must succeed its token as its last act. Fails the execution loudly instead.
 */
export class SucceededThenThrewError extends Error {
  constructor(state: string, cause: unknown) {
    super(
      `state '${state}': the handler succeeded its own task token, then threw (${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}); succeeding the token must be its last act`,
    );
    this.name = "Handoff.Local.SucceededThenThrew";
  }
}

/**
 * Task tokens for `.waitForTaskToken` states, on virtual time: SendTaskSuccess/SendTaskFailure
 * settle them, and a token whose TimeoutSeconds passed fails with States.Timeout. A signal for a
 * token that already ended answers "gone", as Step Functions answers TaskTimedOut.
 */
export class TokenBroker {
  private readonly pending = new Map<string, Pending>();
  private readonly deadlines = new MinHeap<string>();
  private issued = 0;

  /** Called when a waiting execution becomes runnable again (the runtime counts busy work). */
  constructor(
    private readonly clock: VirtualClock,
    private readonly onWake: () => void,
  ) {}

  issue(timeoutSeconds: number): string {
    const token = `local-token-${++this.issued}`;
    const deadline = this.clock.millis() + timeoutSeconds * 1000;
    this.pending.set(token, { deadline });
    this.deadlines.push(deadline, token);
    return token;
  }

  /** Waits for the token's outcome; `onSleep` runs when the caller really has to wait. */
  wait(token: string, onSleep: () => void): Promise<Record<string, unknown>> {
    const entry = this.pending.get(token);
    if (!entry) return Promise.reject(statesError("States.Runtime", `unknown token ${token}`));
    if (entry.outcome) return this.finish(token, entry.outcome);
    onSleep();
    return new Promise((resolve, reject) => {
      entry.waiter = { resolve, reject };
    });
  }

  private finish(token: string, outcome: Outcome): Promise<Record<string, unknown>> {
    this.pending.delete(token);
    return outcome.ok ? Promise.resolve(outcome.output) : Promise.reject(outcome.error);
  }

  private settle(token: string, outcome: Outcome): TaskSignal {
    const entry = this.pending.get(token);
    if (!entry || entry.outcome) return "gone";
    if (entry.waiter) {
      this.pending.delete(token);
      this.onWake();
      if (outcome.ok) entry.waiter.resolve(outcome.output);
      else entry.waiter.reject(outcome.error);
    } else entry.outcome = outcome;
    return "delivered";
  }

  succeed(token: string, output: Record<string, unknown>): TaskSignal {
    return this.settle(token, { ok: true, output });
  }

  fail(token: string, error: string, cause: string): TaskSignal {
    return this.settle(token, { ok: false, error: statesError(error, cause) });
  }

  /** Ends every wait (the runtime is closing): their real-time timers are cleared with them. */
  releaseAll(): void {
    for (const [token, entry] of [...this.pending]) {
      this.pending.delete(token);
      entry.waiter?.reject(statesError("States.Runtime", "the local runtime closed"));
    }
  }

  /**
   * Drops a token whose task failed before waiting. Says whether its handler had already succeeded
   * it: Step Functions would keep that success, so the caller must not treat the task as failed.
   */
  cancel(token: string): "dropped" | "already-succeeded" {
    const outcome = this.pending.get(token)?.outcome;
    this.pending.delete(token);
    return outcome?.ok ? "already-succeeded" : "dropped";
  }

  /** The earliest deadline of a token still waiting (ended tokens are dropped from the heap lazily). */
  nextDeadline(): number | undefined {
    for (;;) {
      const key = this.deadlines.peekKey();
      if (key === undefined) return undefined;
      const token = this.deadlines.pop()!.value;
      const entry = this.pending.get(token);
      if (entry && !entry.outcome && entry.deadline === key) {
        this.deadlines.push(key, token);
        return key;
      }
    }
  }

  /** Times out every token whose deadline has come. */
  expire(now: number): number {
    let expired = 0;
    for (let key = this.nextDeadline(); key !== undefined && key <= now; key = this.nextDeadline()) {
      const token = this.deadlines.pop()!.value;
      this.settle(token, { ok: false, error: statesError("States.Timeout", "the task timed out") });
      expired++;
    }
    return expired;
  }

  get waiting(): number {
    return this.pending.size;
  }
}
