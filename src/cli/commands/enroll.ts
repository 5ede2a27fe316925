import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { apiOptions, apiTarget } from "../api-target";
import { enrollCsv, httpEnrollApi } from "../enroll-csv";
import { progress } from "../progress";

export function registerEnroll(program: Command): void {
  const command = program
    .command("enroll")
    .description("enroll the contacts of a CSV file (id, email, firstName, …) into a campaign or sequence")
    .requiredOption("--workflow <id>", "campaign or sequence id")
    .requiredOption("--csv <file>", "CSV file with a header row; id and email are required");
  apiOptions(command).action(
    async (options: { workflow: string; csv: string; api?: string; apiKey?: string }) => {
      const target = apiTarget(options);
      if (!target) return;
      const text = readFileSync(options.csv, "utf8");
      const report = await enrollCsv(text, options.workflow, httpEnrollApi(target.url, target.key), (total) =>
        progress(`enroll ${options.workflow}`, total),
      );
      for (const p of report.problems.slice(0, 200))
        process.stdout.write(`${options.csv}:${p.line}: ${p.message}\n`);
      if (report.problems.length > 200) process.stdout.write(`… and ${report.problems.length - 200} more\n`);
      process.exitCode = report.problems.length ? 1 : 0;
    },
  );
}
