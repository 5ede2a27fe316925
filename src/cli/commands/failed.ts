import type { Command } from "commander";
import type { FailedEnrollment, RedriveOutcome } from "../../core/engine/redrive";
import { type ApiTarget, apiOptions, apiTarget, callApi } from "../api-target";

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
    const page = await callApi(target, "GET", `/enrollments/failed?${query}`);
    failed.push(...(page.failed as FailedEnrollment[]));
    cursor = typeof page.cursor === "string" ? page.cursor : undefined;
  } while (cursor);
  return failed;
}

/** Redrives every failed enrollment, 100 per request, until the API says none is left. */
async function redriveAll(target: ApiTarget, workflow?: string): Promise<RedriveOutcome[]> {
  const results: RedriveOutcome[] = [];
  for (let round = 0; round < 1000; round++) {
    const out = await callApi(target, "POST", "/enrollments/redrive", {
      failed: true,
      ...(workflow ? { workflow } : {}),
    });
    results.push(...(out.results as RedriveOutcome[]));
    if (!out.more || out.redriven === 0) break;
  }
  return results;
}

export function registerFailed(program: Command): void {
  apiOptions(
    program
      .command("failed")
      .description(
        "list enrollments whose execution failed (retries spent, or an error no retry fixes), with why; --redrive resumes them where they failed",
      )
      .option("--workflow <id>", "only this campaign or sequence")
      .option("--redrive", "resume every failed enrollment at the step that failed")
      .option("--json", "print JSON"),
  ).action(async (flags: FailedFlags) => {
    const target = apiTarget(flags);
    if (!target) return;
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
    const failed = await list(target, flags.workflow);
    if (flags.json) process.stdout.write(`${JSON.stringify({ count: failed.length, failed }, null, 2)}\n`);
    else {
      for (const f of failed)
        process.stdout.write(
          `${f.failedAt ?? "?"}  ${f.contactId}  ${f.enrollmentId}  at ${f.currentStep ?? "?"}: ${f.reason}\n`,
        );
      process.stdout.write(
        `${failed.length} failed enrollment(s)${failed.length ? "; `handoff failed --redrive` resumes them" : ""}\n`,
      );
    }
  });
}
