import { existsSync, readFileSync } from "node:fs";
import { apiTarget } from "../api-target";
import { enrollCsv, httpEnrollApi } from "../enroll-csv";
import { progress } from "../progress";
import { UsageError } from "../usage";

interface EnrollFlags {
  workflow: string;
  csv: string;
  api?: string;
  apiKey?: string;
}

/** `handoff enroll --workflow <id> --csv <file>`: each row's problems by line; exit 1 when any. */
export async function enroll(options: EnrollFlags): Promise<void> {
  const target = apiTarget(options);
  if (!existsSync(options.csv))
    throw new UsageError(`no file ${options.csv}: give --csv the path of a CSV file`);
  const text = readFileSync(options.csv, "utf8");
  const report = await enrollCsv(text, options.workflow, httpEnrollApi(target.url, target.key), (total) =>
    progress(`enroll ${options.workflow}`, total),
  );
  for (const p of report.problems.slice(0, 200))
    process.stdout.write(`${options.csv}:${p.line}: ${p.message}\n`);
  if (report.problems.length > 200) process.stdout.write(`… and ${report.problems.length - 200} more\n`);
  process.exitCode = report.problems.length ? 1 : 0;
}
