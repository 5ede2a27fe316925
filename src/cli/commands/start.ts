import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { compileWorkspace } from "../../compiler/pipeline";
import type { LocalRuntime } from "../../runtime/local-runtime";
import { renderHtmlReport } from "../../runtime/simulate/html-report";
import { DEFAULT_SERVE_PORT, serveSettings, serveUntilInterrupted } from "../local-serve";
import { bold, dim, formatViolations, green } from "../output";
import { formatSimulation } from "../simulation-output";
import { reportingUsageErrors } from "../usage";
import { type FolderOptions, folders } from "./folders";
import { runSimulation, type SimulateFlags, simulationOptions } from "./simulate";

/** Writes the captured mailbox as one JSON file and the first emails as HTML files to open. */
async function dumpEmails(runtime: LocalRuntime, dir: string): Promise<number> {
  const emails = runtime.servers.ses ? await runtime.servers.ses.store() : (runtime.mailbox?.sent ?? []);
  mkdirSync(join(dir, "emails"), { recursive: true });
  writeFileSync(join(dir, "emails.json"), JSON.stringify(emails, null, 1));
  emails.slice(0, 50).forEach((email, i) => {
    const html = "body" in email ? (email.body.html ?? "") : email.html;
    writeFileSync(join(dir, "emails", `${String(i + 1).padStart(3, "0")}.html`), html);
  });
  return emails.length;
}

type StartFlags = Omit<SimulateFlags, "json" | "report" | "unsafeDisableLedger"> & {
  serve?: boolean;
  port: string;
  out: string;
};

/**
 * `npm start`: check and compile the workflows, then simulate 1,000 prospects through them on the
 * local servers, print the funnel, and say where the report and the captured emails are; with
 * --serve, keep the simulated data open on localhost (src/cli/local-serve.ts).
 */
async function start(flags: StartFlags, command: Command): Promise<void> {
  const dirs = command.optsWithGlobals<FolderOptions>();
  const serving = flags.serve ? serveSettings(flags.port) : undefined;
  const compilation = compileWorkspace(folders(dirs));
  if (!compilation.ok) {
    process.stdout.write(`${formatViolations(compilation.violations)}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(
    `${bold("Handoff")}: ${compilation.machines.map((m) => `${m.workflow.id} (${m.workflow.kind})`).join(", ")} compiled\n`,
  );
  mkdirSync(flags.out, { recursive: true });
  const reportFile = join(flags.out, "report.html");
  const report = await runSimulation({ ...flags, report: reportFile }, dirs, {
    keepOpen: async (runtime, figures) => {
      const emails = await dumpEmails(runtime, flags.out);
      process.stdout.write(`\n${formatSimulation(figures)}\n`);
      process.stdout.write(
        `\n${green("✓")} HTML report: ${reportFile}\n${green("✓")} ${emails} captured emails: ${join(flags.out, "emails.json")} ${dim(`(the first 50 as HTML in ${join(flags.out, "emails")})`)}\n`,
      );
      if (serving) await serveUntilInterrupted(runtime, renderHtmlReport(figures), serving);
      else
        process.stdout.write(
          dim(
            "  npm start -- --serve serves the dashboard, the API, the report and the mailbox web UI on localhost\n",
          ),
        );
    },
  });
  process.exitCode = report.handoffs > 0 && report.run.failedEnrollments === 0 ? 0 : 1;
}

export function registerStart(program: Command): void {
  simulationOptions(
    program
      .command("start")
      .description("simulate 1,000 prospects through the workflows on the local servers and show the funnel"),
  )
    .option(
      "--serve",
      "then serve the dashboard and the API of the simulated data on localhost, with the report and the mailbox web UI, until Ctrl-C",
    )
    .option(
      "--port <n>",
      "the port of the dashboard and the API under --serve (0: a free one)",
      String(DEFAULT_SERVE_PORT),
    )
    .option("--out <dir>", "where to write the report and the emails", join(tmpdir(), "handoff"))
    .action(reportingUsageErrors("start", start));
}
