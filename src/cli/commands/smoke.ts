/**
 * `handoff smoke`: proves a deployed stage works end to end with SES's mailbox simulator
 * (docs/deploy.md, "Smoke test"): the checks of src/cli/smoke/ at once, then the erasure of every
 * smoke contact (after failures and Ctrl-C too). Exit 1 when a check failed, 130 when interrupted.
 */
import { type ApiTarget, apiTarget } from "../api-target";
import { SmokeApi } from "../smoke/api";
import { FIXES } from "../smoke/causes";
import { eraseSmokeContacts } from "../smoke/erasure";
import { newSmokeRun, SMOKE_CHECK_IDS } from "../smoke/plan";
import { smokeProgress } from "../smoke/progress";
import { formatSmokeReport, smokeReportJson } from "../smoke/report";
import { smokeReport } from "../smoke/result";
import { runChecks } from "../smoke/runner";
import { noSuchRoute } from "../smoke/smoke-links";
import { UsageError } from "../usage";

interface SmokeFlags {
  api?: string;
  apiKey?: string;
  json?: boolean;
  timeout: string;
}

/** The deadline of each check, in seconds: the API's own time plus SES's, 1 to 3600. */
export function timeoutSeconds(given: string): number {
  const seconds = Number(given);
  if (!/^\d+$/.test(given) || seconds < 1 || seconds > 3600)
    throw new UsageError(`--timeout takes whole seconds from 1 to 3600, not '${given}'`);
  return seconds;
}

/**
 * Before anything is created: the key works and is an admin key (else a one-line usage error, exit
 * 2), and the stage has the smoke route (else one line, exit 1: deploy this version first).
 */
async function preflight(api: SmokeApi, run: string): Promise<void> {
  const answer = await api.smokeLinks(`${run}-preflight`).catch((error: Error) => {
    throw new UsageError(`${error.message}: check --api (or HANDOFF_API_URL) and that the API is up`);
  });
  if (answer.status === 401)
    throw new UsageError("the API refused the key (401): give an admin key of HANDOFF_API_KEYS");
  if (answer.status === 403)
    throw new UsageError("handoff smoke needs an admin key: the key given has a narrower scope (403)");
  if (noSuchRoute(answer))
    throw new UsageError(
      `the API has no smoke route (GET /smoke/contacts/{id}): ${FIXES["not-deployed"]}`,
      1,
    );
}

/** Ctrl-C while checks wait: they stop, the contacts are still erased; a second Ctrl-C leaves at once. */
function interruptible(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    process.stderr.write("interrupted: erasing the smoke contacts (Ctrl-C again leaves them)\n");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  return { signal: controller.signal, release: () => process.off("SIGINT", onSigint) };
}

async function smokeRun(target: ApiTarget, seconds: number) {
  const api = new SmokeApi(target);
  const run = newSmokeRun();
  await preflight(api, run.id);
  const interrupt = interruptible();
  const progress = smokeProgress(SMOKE_CHECK_IDS.filter((id) => id !== "erasure"));
  try {
    process.stderr.write(`smoke run ${run.id}: each check waits up to ${seconds} s\n`);
    const { results, created } = await runChecks({
      api,
      run,
      timeoutSeconds: seconds,
      signal: interrupt.signal,
      onResult: progress.ended,
    });
    progress.stop();
    const erasure = await eraseSmokeContacts(api, created);
    const report = smokeReport(run.id, target.url, [...results, erasure.result], erasure.erased);
    return { report, interrupted: interrupt.signal.aborted };
  } finally {
    progress.stop();
    interrupt.release();
  }
}

/** `handoff smoke --api <url> --api-key <admin key> [--json] [--timeout <seconds>]`. */
export async function smoke(flags: SmokeFlags): Promise<void> {
  const target = apiTarget(flags);
  const seconds = timeoutSeconds(flags.timeout);
  const { report, interrupted } = await smokeRun(target, seconds);
  process.stdout.write(`${flags.json ? smokeReportJson(report) : formatSmokeReport(report)}\n`);
  process.exitCode = interrupted ? 130 : report.failed > 0 ? 1 : 0;
}
