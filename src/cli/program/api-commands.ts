/** The commands that call a deployed Handoff's API: enroll, failed, report, contact, smoke, asana connect. */
import type { Command } from "commander";
import { apiOptions } from "../api-target";
import { lazyAction, subcommand } from "./lazy";

/** The reports `handoff report` prints (src/cli/commands/report.ts: their parameters and text). */
export const REPORT_NAMES = ["funnel", "stages", "sla", "accounts", "attribution"] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export function registerApiCommands(program: Command): void {
  registerEnrollments(program);
  registerReads(program);
  registerSmoke(program);
  registerAsana(program);
}

/** enroll, failed: write to the enrollments. */
function registerEnrollments(program: Command): void {
  lazyAction(
    apiOptions(
      subcommand(
        program,
        "enroll",
        "enroll the contacts of a CSV file (id, email, firstName, …) into a campaign or sequence",
      )
        .requiredOption("--workflow <id>", "campaign or sequence id")
        .requiredOption("--csv <file>", "CSV file with a header row; id and email are required"),
    ),
    async () => (await import("../commands/enroll")).enroll,
  );
  lazyAction(
    apiOptions(
      subcommand(
        program,
        "failed",
        "list enrollments whose execution failed (retries spent, or an error no retry fixes), with why; --redrive resumes them where they failed",
      )
        .option("--workflow <id>", "only this campaign or sequence")
        .option("--redrive", "resume every failed enrollment at the step that failed")
        .option("--json", "print JSON"),
    ),
    async () => (await import("../commands/failed")).failed,
  );
}

/** report, contact: read the read API. */
function registerReads(program: Command): void {
  lazyAction(
    apiOptions(
      subcommand(
        program,
        "report",
        "print a report of the read API: funnel (of --workflow), stages, sla, accounts, attribution",
      )
        .argument("<report>", REPORT_NAMES.join(" | "))
        .option("--workflow <id>", "the campaign or sequence (funnel)")
        .option("--from <day>", "first day of the period, e.g. 2026-03-02 (default: 30 days ago)")
        .option("--to <day>", "last day of the period (default: today)")
        .option("--model <model>", "attribution model (attribution)")
        .option("--by <key>", "channel or campaign (attribution)")
        .option("--limit <n>", "accounts at most (accounts)")
        .option("--json", "print the API's answer as it is"),
    ),
    async () => (await import("../commands/report")).report,
  );
  lazyAction(
    apiOptions(
      subcommand(program, "contact", "show a contact: stage, score, owner, account, enrollments and timeline")
        .argument("<id>", "the contact's id")
        .option("--json", "print the API's answer as it is"),
    ),
    async () => (await import("../commands/contact")).contact,
  );
}

/** smoke: proves a deployed stage works (docs/deploy.md, "Smoke test"). */
function registerSmoke(program: Command): void {
  lazyAction(
    apiOptions(
      subcommand(
        program,
        "smoke",
        "prove a deployed stage works end to end with SES's mailbox simulator (an admin key); exit 1 when a check fails",
      )
        .option("--timeout <seconds>", "how long each check waits for the stage", "180")
        .option("--json", "print JSON"),
    ),
    async () => (await import("../commands/smoke")).smoke,
  );
}

function registerAsana(program: Command): void {
  const asana = subcommand(program, "asana", "the Asana integration (settings.integrations.asana)");
  lazyAction(
    apiOptions(
      subcommand(
        asana,
        "connect",
        "create the Asana webhook that completes Handoff tasks when they are completed in Asana",
      ).option("--public-url <url>", "the API's address as Asana reaches it (default: the --api URL)"),
    ),
    async () => (await import("../commands/asana")).connect,
  );
}
