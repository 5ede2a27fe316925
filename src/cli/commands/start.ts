import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { localAdminKey } from "../../adapters/http/keys";
import { serveApi } from "../../adapters/local/http-server";
import { compileWorkspace } from "../../compiler/pipeline";
import type { LocalRuntime } from "../../runtime/local-runtime";
import { renderHtmlReport } from "../../runtime/simulate/html-report";
import { SIMULATION_API_KEY } from "../../runtime/simulate/reactions";
import { bold, dim, formatViolations, green } from "../output";
import { formatSimulation } from "../simulation-output";
import { reportingUsageErrors } from "../usage";
import { type FolderOptions, folders } from "./folders";
import { runSimulation, simulationOptions } from "./simulate";

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

async function serveUntilInterrupted(runtime: LocalRuntime, reportHtml: string): Promise<void> {
  const report = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(reportHtml),
  );
  await new Promise<void>((resolve) => report.listen(0, "127.0.0.1", resolve));
  const api = await serveApi(
    runtime.http({ apiKeys: [localAdminKey(SIMULATION_API_KEY)], signingSecrets: [] }),
  );
  process.stdout.write(
    `\n${bold("Serving on localhost until Ctrl-C:")}\n  report   http://127.0.0.1:${(report.address() as AddressInfo).port}/\n  mailbox  ${runtime.servers.ses?.endpoint ?? "(in-memory run: no mailbox UI)"}/\n  API      ${api.url} (x-api-key: ${SIMULATION_API_KEY})\n`,
  );
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  report.close();
  await api.close();
}

/**
 * `npm start`: check and compile the workflows, then simulate 1,000 prospects through them on the
 * local servers, print the funnel, and say where the report and the captured emails are.
 */
export function registerStart(program: Command): void {
  simulationOptions(
    program
      .command("start")
      .description("simulate 1,000 prospects through the workflows on the local servers and show the funnel"),
  )
    .option("--serve", "keep the report, the mailbox web UI and the API on localhost until Ctrl-C")
    .option("--out <dir>", "where to write the report and the emails", join(tmpdir(), "handoff"))
    .action(
      reportingUsageErrors(
        "start",
        async (
          flags: {
            contacts: string;
            seed: string;
            days: string;
            memory?: boolean;
            sendRate: string;
            serve?: boolean;
            out: string;
          },
          command: Command,
        ) => {
          const dirs = command.optsWithGlobals<FolderOptions>();
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
              if (flags.serve) await serveUntilInterrupted(runtime, renderHtmlReport(figures));
              else
                process.stdout.write(
                  dim(
                    "  npm start -- --serve keeps the mailbox web UI, the report and the API open on localhost\n",
                  ),
                );
            },
          });
          process.exitCode = report.handoffs > 0 && report.run.failedEnrollments === 0 ? 0 : 1;
        },
      ),
    );
}
