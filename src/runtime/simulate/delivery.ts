import type { EngagementEvent } from "../../core/model";
import type { LocalRuntime } from "../local-runtime";

/** How actions reach Handoff under faults (`--chaos`); without one, every action runs once, on time. */
export interface DeliveryPolicy {
  /** Extra delays (ms) at which one SES event is delivered: [0] once on time, two for a duplicate. */
  sesDeliveries(): number[];
  /** The wait (ms) before retrying a failed action, as EventBridge and HTTP clients retry; undefined gives up. */
  retryDelay(attempt: number): number | undefined;
  /** An action given up on (a dead-letter queue in AWS). */
  deadLetter(what: string, error: Error): void;
  /** Every SES event as it is delivered. */
  observe(event: EngagementEvent): void;
}

/** How {@link reliably} runs an action: on which runtime, under which policy, described how. */
export interface Reliably {
  runtime: LocalRuntime;
  policy: DeliveryPolicy | undefined;
  /** What the action is, for the dead letter ("a prospect's action"). */
  what: string;
}

/**
 * `action` as something to schedule: without a policy it runs once and a failure fails the run;
 * with one, a failure is retried on virtual time and, when the policy gives up, dead-lettered.
 */
export function reliably(
  action: () => Promise<unknown>,
  { runtime, policy, what }: Reliably,
): () => Promise<void> {
  if (!policy) return async () => void (await action());
  const attempt = async (n: number): Promise<void> => {
    try {
      await action();
    } catch (error) {
      const delay = policy.retryDelay(n);
      if (delay === undefined) policy.deadLetter(what, error as Error);
      else runtime.schedule(runtime.clock.millis() + delay, () => attempt(n + 1));
    }
  };
  return () => attempt(1);
}
