/**
 * Runs the checks of a smoke run at once (each its own contacts, so none waits on another), all
 * within the run's deadline (--timeout), and turns what each one threw into its result and what to do.
 */
import { ApiAnswerError, ApiUnreachableError } from "../api-target";
import type { SmokeApi } from "./api";
import { FIXES, SmokeCheckFailed } from "./causes";
import type { CheckContext, CheckOutcome } from "./check-context";
import { deliveryCheck } from "./checks/delivery";
import { handoffCheck } from "./checks/handoff";
import { interruptCheck } from "./checks/interrupt";
import { linksCheck } from "./checks/links";
import { outOfOfficeCheck } from "./checks/out-of-office";
import { replyCheck } from "./checks/reply";
import { bounceCheck, complaintCheck, suppressionListCheck } from "./checks/suppression";
import type { SmokeCheckId, SmokeContact, SmokeRun } from "./plan";
import type { CheckResult } from "./result";
import { pollInterval, SmokeInterrupted } from "./wait";

type Check = (ctx: CheckContext) => Promise<CheckOutcome>;

/** Every check but `erasure` (src/cli/smoke/erasure.ts), which runs after them. */
const CHECKS: ReadonlyArray<[Exclude<SmokeCheckId, "erasure">, Check]> = [
  ["delivery", deliveryCheck],
  ["bounce", bounceCheck],
  ["complaint", complaintCheck],
  ["suppression-list", suppressionListCheck],
  ["out-of-office", outOfOfficeCheck],
  ["interrupt", interruptCheck],
  ["handoff", handoffCheck],
  ["links", linksCheck],
  ["reply", replyCheck],
];

export interface RunOptions {
  api: SmokeApi;
  run: SmokeRun;
  timeoutSeconds: number;
  /** Aborted on Ctrl-C: every wait ends, and the checks still waiting fail as interrupted. */
  signal: AbortSignal;
  /** Called as each check ends (progress on stderr). */
  onResult?: (result: CheckResult) => void;
}

/** What a check that threw reports: its cause's fix, or the API's trouble. */
function failure(error: unknown): Pick<CheckResult, "detail" | "fix"> {
  if (error instanceof SmokeCheckFailed) return { detail: error.detail, fix: FIXES[error.failureCause] };
  if (error instanceof SmokeInterrupted) return { detail: error.message };
  if (error instanceof ApiUnreachableError || error instanceof ApiAnswerError)
    return { detail: error.message, fix: FIXES.api };
  return { detail: `unexpected error: ${(error as Error).message ?? String(error)}`, fix: FIXES.api };
}

/** Runs every check at once; their results in report order, and every contact they created. */
export async function runChecks(
  options: RunOptions,
): Promise<{ results: CheckResult[]; created: SmokeContact[] }> {
  const created: SmokeContact[] = [];
  const budget = {
    deadline: Date.now() + options.timeoutSeconds * 1000,
    interval: pollInterval(options.timeoutSeconds),
    signal: options.signal,
  };
  const ctx: CheckContext = {
    api: options.api,
    run: options.run,
    budget,
    timeoutSeconds: options.timeoutSeconds,
    created: (contact) => created.push(contact),
  };
  const results = await Promise.all(
    CHECKS.map(async ([id, check]): Promise<CheckResult> => {
      const started = performance.now();
      const outcome = await check(ctx).then(
        (passed): Pick<CheckResult, "status" | "detail" | "fix"> => passed,
        (error: unknown) => ({ status: "fail" as const, ...failure(error) }),
      );
      const result = { id, ...outcome, seconds: Math.round(performance.now() - started) / 1000 };
      options.onResult?.(result);
      return result;
    }),
  );
  return { results, created };
}
