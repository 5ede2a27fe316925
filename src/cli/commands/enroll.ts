import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { enrollCsv, httpEnrollApi } from "../enroll-csv";
import { progress } from "../progress";

export function registerEnroll(program: Command): void {
  program
    .command("enroll")
    .description("enroll the contacts of a CSV file (id, email, firstName, …) into a campaign or sequence")
    .requiredOption("--workflow <id>", "campaign or sequence id")
    .requiredOption("--csv <file>", "CSV file with a header row; id and email are required")
    .option("--api <url>", "Handoff API base URL (default: $HANDOFF_API_URL)")
    .option("--api-key <key>", "API key (default: $HANDOFF_API_KEY)")
    .action(async (options: { workflow: string; csv: string; api?: string; apiKey?: string }) => {
      const url = options.api ?? process.env.HANDOFF_API_URL;
      const key = options.apiKey ?? process.env.HANDOFF_API_KEY;
      if (!url || !key) {
        process.stderr.write("give --api and --api-key (or set HANDOFF_API_URL and HANDOFF_API_KEY)\n");
        process.exitCode = 2;
        return;
      }
      const text = readFileSync(options.csv, "utf8");
      const report = await enrollCsv(text, options.workflow, httpEnrollApi(url, key), (total) =>
        progress(`enroll ${options.workflow}`, total),
      );
      for (const p of report.problems.slice(0, 200))
        process.stdout.write(`${options.csv}:${p.line}: ${p.message}\n`);
      if (report.problems.length > 200) process.stdout.write(`… and ${report.problems.length - 200} more\n`);
      process.exitCode = report.problems.length ? 1 : 0;
    });
}
