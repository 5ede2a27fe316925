/** A check's result as `handoff smoke` reports it (text, and --json's `checks`). */
import type { SmokeCheckId } from "./plan";

export type CheckStatus = "pass" | "fail" | "skip";

export interface CheckResult {
  id: SmokeCheckId;
  status: CheckStatus;
  /** What the check saw, in a sentence. */
  detail: string;
  /** What to do (a failure's cause, src/cli/smoke/causes.ts). */
  fix?: string;
  /** How long the check took, in seconds to the millisecond. */
  seconds: number;
}

/** The whole run, as --json prints it. */
export interface SmokeReport {
  run: string;
  api: string;
  checks: CheckResult[];
  passed: number;
  failed: number;
  skipped: number;
  /** Smoke contacts erased at the end (each one the run created, or may have). */
  erased: number;
}

export function smokeReport(run: string, api: string, checks: CheckResult[], erased: number): SmokeReport {
  const count = (status: CheckStatus) => checks.filter((check) => check.status === status).length;
  return { run, api, checks, passed: count("pass"), failed: count("fail"), skipped: count("skip"), erased };
}
