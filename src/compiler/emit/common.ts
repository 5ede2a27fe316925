import { ErrorNames, TRANSIENT_ERRORS } from "../../core/errors";
import type { Settings, Workflow } from "../../core/language";
import { type FunctionKey, placeholder } from "../../core/step-lambdas";
import type { Catcher, Retrier, TaskState } from "./asl";

export const INVOKE = "arn:aws:states:::lambda:invoke";
export const INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";

/**
 * Where a window-aware wait finds its length: put there by the email before it. Interpreters differ
 * on whether TimeoutSecondsPath reads the raw state input or the input after Parameters; under
 * `$.Payload` the value is at the same path in both.
 */
export const PAUSE_SECONDS = "$.Payload.pause.seconds";
/** The second the email before a window-aware wait reserved for the email after it (0: none). */
export const PAUSE_SLOT = "$.Payload.pause.slot";

/** Names of the states the compiler adds; step ids are lowercase, so these never collide. */
export const TERMINAL = {
  handoff: "Hand off",
  exited: "Exited",
  stopped: "Stopped",
  converted: "Converted",
  settle: "Settle",
  complete: "Complete",
} as const;

/**
 * Throttling and Lambda service faults: retried with exponential backoff and full jitter. 12
 * retries wait at most 2, 4, … 256, then 300 s four times: 1,710 s (28.5 minutes) at most, about
 * 14 minutes on average with full jitter, longer than a burst of 10,000 emails takes to drain at
 * SES's default 14 a second (12 minutes), so throttling during a burst does not fail enrollments.
 * (SES's own throttling does not come here: it holds the email for a reserved second.)
 */
export const RETRY: Retrier = {
  ErrorEquals: [...TRANSIENT_ERRORS],
  IntervalSeconds: 2,
  MaxAttempts: 12,
  BackoffRate: 2,
  MaxDelaySeconds: 300,
  JitterStrategy: "FULL",
};

/**
 * SES sending paused (account review, a paused configuration set): nothing to do but wait, so the
 * email task keeps trying for about 3 hours (10, 20, 40, 60, 60 minutes, jittered); after that
 * the execution fails and a redrive resumes it at this email once sending is back.
 */
export const RETRY_SENDING_PAUSED: Retrier = {
  ErrorEquals: [ErrorNames.SendingPaused],
  IntervalSeconds: 600,
  MaxAttempts: 5,
  BackoffRate: 2,
  MaxDelaySeconds: 3600,
  JitterStrategy: "FULL",
};

/** What every emitter may need to know about the workflow being compiled. */
export interface EmitContext {
  workflow: Workflow;
  settings: Settings;
  /** State name of where each step's edges lead ("Complete" for the end). */
  target(to: string | undefined): string;
}

/**
 * Interrupts any step may receive: convert (workflows with a goal), handoff (campaigns with a
 * handoff rule), stop (sequences), exit (all).
 */
export function interruptCatchers(workflow: Workflow): Catcher[] {
  const catchers: Catcher[] = [];
  if (workflow.goal) {
    catchers.push({ ErrorEquals: [ErrorNames.InterruptConvert], ResultPath: null, Next: TERMINAL.converted });
  }
  if (workflow.kind === "campaign" && workflow.handoff) {
    catchers.push({ ErrorEquals: [ErrorNames.InterruptHandoff], ResultPath: null, Next: TERMINAL.handoff });
  }
  if (workflow.kind === "sequence") {
    catchers.push({ ErrorEquals: [ErrorNames.InterruptStop], ResultPath: null, Next: TERMINAL.stopped });
  }
  catchers.push({ ErrorEquals: [ErrorNames.InterruptExit], ResultPath: null, Next: TERMINAL.exited });
  return catchers;
}

/** The ids every Lambda payload carries: the enrollment (from the execution input) and the workflow. */
export function basePayload(workflow: Workflow): Record<string, unknown> {
  return { workflow: workflow.id, "enrollmentId.$": "$.enrollmentId", "contactId.$": "$.contactId" };
}

interface TaskOptions {
  fn: FunctionKey;
  payload: Record<string, unknown>;
  comment?: string;
  waitForToken?: boolean;
  timeoutSeconds?: number;
  timeoutSecondsPath?: string;
  resultSelector?: Record<string, unknown>;
  resultPath?: string | null;
  catchers?: Catcher[];
  /** Retriers after the shared one. */
  retry?: Retrier[];
  next?: string;
}

/** A Lambda task state with the shared retry policy; without `next` it ends the execution. */
export function lambdaTask(o: TaskOptions): TaskState {
  const payload = o.waitForToken ? { ...o.payload, "taskToken.$": "$$.Task.Token" } : o.payload;
  return {
    Type: "Task",
    ...(o.comment ? { Comment: o.comment } : {}),
    Resource: o.waitForToken ? INVOKE_WAIT : INVOKE,
    Parameters: { FunctionName: placeholder(o.fn), Payload: payload },
    ...(o.resultSelector ? { ResultSelector: o.resultSelector } : {}),
    ResultPath: o.resultPath ?? null,
    ...(o.timeoutSeconds !== undefined ? { TimeoutSeconds: o.timeoutSeconds } : {}),
    ...(o.timeoutSecondsPath !== undefined ? { TimeoutSecondsPath: o.timeoutSecondsPath } : {}),
    Retry: [RETRY, ...(o.retry ?? [])],
    ...(o.catchers?.length ? { Catch: o.catchers } : {}),
    ...(o.next === undefined ? { End: true as const } : { Next: o.next }),
  };
}

/** A catcher that sends `errors` on to `next`, keeping the state data as it was. */
export function routeOn(errors: string[], next: string): Catcher {
  return { ErrorEquals: errors, ResultPath: null, Next: next };
}

interface TokenWaitOptions {
  fn: FunctionKey;
  comment: string;
  workflow: Workflow;
  /** The payload after the ids every payload carries (basePayload). */
  payload: Record<string, unknown>;
  /** How long it waits: a fixed number of seconds, or a path in the state input. */
  timeout: { timeoutSeconds: number } | { timeoutSecondsPath: string };
  /** Where States.Timeout goes. */
  onTimeout: string;
  /** Where the token's success goes. */
  next: string;
}

/**
 * A task that waits for its token: its handler keeps the token (a pause, a wait for an event, a rep
 * task, a hold). Success goes to `next`, States.Timeout to `onTimeout`; an interrupt fails the token
 * and the interrupt catchers route the contact at once, so the wait is cut short, not waited out.
 */
export function tokenWait(o: TokenWaitOptions): TaskState {
  return lambdaTask({
    fn: o.fn,
    comment: o.comment,
    waitForToken: true,
    payload: { ...basePayload(o.workflow), ...o.payload },
    ...o.timeout,
    catchers: [...interruptCatchers(o.workflow), routeOn([ErrorNames.Timeout], o.onTimeout)],
    next: o.next,
  });
}
