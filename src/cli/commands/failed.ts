import type { FailedEnrollment, RedriveOutcome } from "../../core/engine/redrive";
import { type ApiTarget, apiTarget, commandCall } from "../api-target";

interface FailedFlags {
  workflow?: string;
  redrive?: boolean;
  json?: boolean;
  api?: string;
  apiKey?: string;
}

/** Every failed enrollment, following the API's pages (500 at a time) to the last. */
async function list(target: ApiTarget, workflow?: string): Promise<FailedEnrollment[]> {
  const failed: FailedEnrollment[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({
      limit: "500",
      ...(workflow ? { workflow } : {}),
      ...(cursor ? { cursor } : {}),
    });
    const page = await commandCall(target, "GET", `/enrollments/failed?${query}`);
    failed.push(...(page.failed as FailedEnrollment[]));
    cursor = typeof page.cursor === "string" ? page.cursor : undefined;
  } while (cursor);
  return failed;
}

/** Redrives every failed enrollment, 100 per request, until the API says none is left. */
async function redriveAll(target: ApiTarget, workflow?: string): Promise<RedriveOutcome[]> {
  const results: RedriveOutcome[] = [];
  for (let round = 0; round < 1000; round++) {
    const out = await commandCall(target, "POST", "/enrollments/redrive", {
      failed: true,
      ...(workflow ? { workflow } : {}),
    });
    results.push(...(out.results as RedriveOutcome[]));
    if (!out.more || out.redriven === 0) break;
  }
  return results;
}

/** `handoff failed`: the failed enrollments with why; --redrive resumes them. */
export async function failed(flags: FailedFlags): Promise<void> {
  const target = apiTarget(flags);
  if (flags.redrive) {
    const results = await redriveAll(target, flags.workflow);
    if (flags.json) process.stdout.write(`${JSON.stringify({ results }, null, 2)}\n`);
    else {
      for (const r of results)
        process.stdout.write(`${r.status.padEnd(15)} ${r.contactId} ${r.enrollmentId}\n`);
      const redriven = results.filter((r) => r.status === "redriven").length;
      process.stdout.write(`${redriven} of ${results.length} failed enrollment(s) redriven\n`);
    }
    process.exitCode = results.every((r) => r.status === "redriven") ? 0 : 1;
    return;
  }
  const enrollments = await list(target, flags.workflow);
  if (flags.json)
    process.stdout.write(`${JSON.stringify({ count: enrollments.length, failed: enrollments }, null, 2)}\n`);
  else {
    for (const f of enrollments)
      process.stdout.write(
        `${f.failedAt ?? "?"}  ${f.contactId}  ${f.enrollmentId}  at ${f.currentStep ?? "?"}: ${f.reason}\n`,
      );
    process.stdout.write(
      `${enrollments.length} failed enrollment(s)${enrollments.length ? "; `handoff failed --redrive` resumes them" : ""}\n`,
    );
  }
}
