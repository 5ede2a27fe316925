import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { checkWorkspace } from "../../compiler/check";
import { loadWorkspace } from "../../compiler/load";
import { renderHtmlReport } from "../../runtime/simulate/html-report";
import { serveSettings, serveUntilInterrupted } from "../local-serve";
import { emailLog, sampleEmails, writeSampleFiles } from "../mailbox-files";
import { bold, dim, formatViolations, green } from "../output";
import { formatSimulation } from "../simulation-output";
import { type FolderOptions, folders } from "./folders";
import { runSimulation, type SimulateFlags } from "./simulate";

type StartFlags = Omit<SimulateFlags, "json" | "report" | "unsafeDisableLedger"> & {
  serve?: boolean;
  port: string;
  out: string;
};

/**
 * `npm start`: check the workflows, then simulate prospects through them (in memory;
 * --servers: on the local servers), print the funnel, and say where the report and the emails are;
 * with --serve, keep the simulated data open on localhost (src/cli/local-serve.ts).
 */
export async function start(flags: StartFlags, command: Command): Promise<void> {
  const dirs = command.optsWithGlobals<FolderOptions>();
  const serving = flags.serve ? serveSettings(flags.port) : undefined;
  // Checked here (as `handoff validate` does), compiled once by the simulation's runtime.
  const workspace = loadWorkspace(folders(dirs));
  const violations = checkWorkspace(workspace);
  if (violations.some((v) => v.severity === "error")) {
    process.stdout.write(`${formatViolations(violations)}\n`);
    process.exitCode = 1;
    return;
  }
  const workflows = workspace.workflows.map(({ value }) => `${value.id} (${value.kind})`);
  process.stdout.write(`${bold("Handoff")}: ${workflows.join(", ")} checked\n`);
  mkdirSync(flags.out, { recursive: true });
  const reportFile = join(flags.out, "report.html");
  const emailsFile = join(flags.out, "emails.jsonl");
  const samplesDir = join(flags.out, "emails");
  const log = emailLog(emailsFile);
  const report = await runSimulation({ ...flags, report: reportFile }, dirs, {
    onEmail: log.write,
    keepOpen: async (runtime, figures) => {
      const sample = await sampleEmails(runtime);
      writeSampleFiles(sample, samplesDir);
      const emails = await log.close();
      process.stdout.write(`\n${formatSimulation(figures)}\n`);
      process.stdout.write(
        `\n${green("✓")} HTML report: ${reportFile}\n${green("✓")} ${emails} emails, one JSON line each: ${emailsFile} ${dim(`(the first ${sample.length} as HTML in ${samplesDir})`)}\n`,
      );
      if (serving)
        await serveUntilInterrupted({
          runtime,
          reportHtml: renderHtmlReport(figures),
          sample,
          settings: serving,
        });
      else
        process.stdout.write(
          dim(
            "  npm start -- --serve serves the dashboard, the API, the report and the sample emails on localhost\n",
          ),
        );
    },
  }).finally(() => log.close());
  process.exitCode = report.handoffs > 0 && report.run.failedEnrollments === 0 ? 0 : 1;
}
