import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Command } from "commander";
import { UnknownWorkflowError } from "../../runtime/simulate/entry";
import { renderHtmlReport } from "../../runtime/simulate/html-report";
import type { ProspectIds } from "../../runtime/simulate/prospects";
import type { SimulationReport } from "../../runtime/simulate/report-model";
import type { SimulateOptions } from "../../runtime/simulate/simulator";
import { progress } from "../progress";
import { formatSimulation } from "../simulation-output";
import { UsageError } from "../usage";
import { type BackendFlags, backendOf } from "./backend";
import { type FolderOptions, folders } from "./folders";

export interface SimulateFlags extends BackendFlags {
  workflow?: string;
  contacts: string;
  seed: string;
  days: string;
  json?: boolean;
  report?: string;
  chaos?: string;
  contactIds?: string;
  unsafeDisableLedger?: boolean;
  sendRate: string;
}

function contactIds(text: string | undefined): { contactIds?: ProspectIds } {
  if (text === undefined) return {};
  if (text !== "plain" && text !== "mixed")
    throw new UsageError(`--contact-ids takes plain or mixed, not "${text}"`);
  return { contactIds: text };
}

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a whole number, not "${text}"`);
  return n;
}

/** `--send-rate`: emails a second; 0 sends unpaced. */
function sendRate(text: string): SimulateOptions["sendRate"] {
  const n = positive("send-rate", text);
  return n === 0 ? "unlimited" : { perSecond: n };
}

function rate(text: string): number {
  const n = Number(text);
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--chaos takes a fault rate from 0 to 1, not "${text}"`);
  return n;
}

/** The flags as SimulateOptions; a UsageError for a bad one. */
function simulateOptions(flags: SimulateFlags, dirs: FolderOptions): SimulateOptions {
  return {
    ...folders(dirs),
    contacts: positive("contacts", flags.contacts),
    seed: positive("seed", flags.seed),
    days: positive("days", flags.days),
    ...(flags.workflow ? { workflow: flags.workflow } : {}),
    backend: backendOf(flags),
    ...contactIds(flags.contactIds),
    sendRate: sendRate(flags.sendRate),
    ...(flags.chaos !== undefined
      ? {
          chaos: {
            rate: rate(flags.chaos),
            seed: positive("seed", flags.seed),
            ledger: !flags.unsafeDisableLedger,
          },
        }
      : {}),
  };
}

/**
 * Runs a simulation with a progress bar on stderr; the caller prints what it wants. The flags are
 * checked before the simulator is loaded: a mistake costs no waiting.
 */
export async function runSimulation(
  flags: SimulateFlags,
  dirs: FolderOptions,
  extra: Partial<SimulateOptions> = {},
): Promise<SimulationReport> {
  const options = simulateOptions(flags, dirs);
  const { simulate } = await import("../../runtime/simulate/simulator");
  const bar = progress("simulating", 100);
  const report = await simulate({
    ...options,
    onProgress: (fraction) => bar.update(Math.floor(fraction * 100)),
    ...extra,
  }).catch((error: unknown) => {
    if (!(error instanceof UnknownWorkflowError)) throw error;
    throw new UsageError(
      error.requested === undefined
        ? `${folders(dirs).workflowsDir}/ holds no campaign or sequence to simulate`
        : `--workflow ${error.requested} names no campaign or sequence; there are ${error.known.join(", ")}`,
    );
  });
  bar.done(`${report.contacts} prospects, ${report.emailsSent} emails, ${report.handoffs} handoffs`);
  if (flags.report) {
    mkdirSync(dirname(flags.report), { recursive: true });
    writeFileSync(flags.report, renderHtmlReport(report));
  }
  return report;
}

/** `handoff simulate`: the figures as text or --json; exit 1 on a failed enrollment (under --chaos: a breach). */
export async function simulateCommand(flags: SimulateFlags, command: Command): Promise<void> {
  if (flags.unsafeDisableLedger && flags.chaos === undefined)
    throw new UsageError("--unsafe-disable-ledger only goes with --chaos");
  const report = await runSimulation(flags, command.optsWithGlobals<FolderOptions>());
  process.stdout.write(`${flags.json ? JSON.stringify(report, null, 2) : formatSimulation(report)}\n`);
  if (flags.report && !flags.json) process.stdout.write(`\nHTML report: ${flags.report}\n`);
  // Under chaos an enrollment may fail with a reason (its retries spent): only breaches fail the run.
  const breaches = Object.values(report.invariants ?? {}).reduce((a, b) => a + b, 0);
  process.exitCode = (report.invariants ? breaches > 0 : report.run.failedEnrollments > 0) ? 1 : 0;
}
