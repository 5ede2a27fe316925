/** The commands that run the workflows locally: simulate, start (src/cli/commands/ runs them). */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Command, Option } from "commander";
import { SES_DEFAULT_SEND_RATE } from "../../core/engine/pacing";
import { lazyAction, subcommand } from "./lazy";

/** The port `npm start -- --serve` listens on without `--port`. */
export const DEFAULT_SERVE_PORT = 4700;

/** `--servers` (dynalite and aws-ses-v2-local) or `--memory` (the default) for test, simulate and start. */
export function backendOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--servers",
        "run on the local DynamoDB and SES servers (dynalite, aws-ses-v2-local) in this process",
      ).conflicts("memory"),
    )
    .option("--memory", "run on the in-memory store and mailer (the default)");
}

/** The options `simulate` and `start` share: entry workflow, population, seed, length, backend, chaos. */
function simulationOptions(command: Command, contacts: string): Command {
  return backendOptions(
    command
      .option(
        "--workflow <id>",
        "campaign (or sequence) the prospects start in (default: the entry campaign, the first by id that no workflow hands off to or enrolls on completion)",
      )
      .option("--contacts <n>", "number of prospects", contacts)
      .option("--seed <n>", "seed of the synthetic prospects (same seed, same run)", "1")
      .option("--days <n>", "simulated days", "30"),
  )
    .option(
      "--send-rate <n>",
      "emails a second handed to SES at most, as a stage's sendRatePerSecond (0: unpaced)",
      String(SES_DEFAULT_SEND_RATE),
    )
    .option(
      "--chaos <rate>",
      "inject faults (throttling, timeouts, crashes after SES accepted, duplicate and late events, races) at this rate, then check the invariants; exit 1 on any breach",
    )
    .option(
      "--contact-ids <style>",
      "plain (p000001) or mixed (crm:000001, crm_000001, lead.000002@forms_app.example, …); default mixed under --chaos, else plain",
    );
}

/** How many prospects `npm start` simulates without --contacts. */
export const START_CONTACTS = 1000;

export function registerLocalCommands(program: Command): void {
  lazyAction(
    simulationOptions(
      subcommand(
        program,
        "simulate",
        "run synthetic prospects through the compiled workflows on a virtual clock",
      ),
      "1000",
    )
      .option("--json", "print the figures as one JSON object")
      .option("--report <file>", "write a self-contained HTML report")
      .addOption(
        new Option(
          "--unsafe-disable-ledger",
          "test only: switch the send ledger off under --chaos",
        ).hideHelp(),
      ),
    async () => (await import("../commands/simulate")).simulateCommand,
  );
  lazyAction(
    simulationOptions(
      subcommand(
        program,
        "start",
        `simulate ${START_CONTACTS.toLocaleString("en")} prospects through the workflows (in memory; --servers: on the local servers) and show the funnel`,
      ),
      String(START_CONTACTS),
    )
      .option(
        "--serve",
        "then serve the dashboard and the API of the simulated data on localhost, with the report and a mailbox page of the sample emails, until Ctrl-C",
      )
      .option(
        "--port <n>",
        "the port of the dashboard and the API under --serve (0: a free one)",
        String(DEFAULT_SERVE_PORT),
      )
      .option("--out <dir>", "where to write the report and the emails", join(tmpdir(), "handoff")),
    async () => (await import("../commands/start")).start,
  );
}
