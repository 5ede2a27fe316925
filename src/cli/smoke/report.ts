/** `handoff smoke`'s output: a line per check with what to do under each failure, and a summary; or JSON. */
import { bold, dim, green, red, yellow } from "../output";
import type { CheckResult, CheckStatus, SmokeReport } from "./result";

const MARKS: Record<CheckStatus, (text: string) => string> = {
  pass: () => green("✓"),
  fail: () => red("✗"),
  skip: () => yellow("–"),
};

/** The width of the longest check id (suppression-list, out-of-office) and a space. */
const ID_WIDTH = 17;

/** `✓ delivery          sent, and … (3.1 s)`, and `  what to do: …` under a failure. */
export function checkLine(result: CheckResult): string {
  const line = `${MARKS[result.status]("")} ${result.id.padEnd(ID_WIDTH)}${result.detail} ${dim(`(${result.seconds.toFixed(1)} s)`)}`;
  return result.fix ? `${line}\n  ${" ".repeat(ID_WIDTH)}${bold("what to do:")} ${result.fix}` : line;
}

export function formatSmokeReport(report: SmokeReport): string {
  const verdict = report.failed > 0 ? red(`✗ ${report.failed} failed`) : green("✓ the stage works");
  const skipped = report.skipped ? `, ${report.skipped} skipped` : "";
  return [
    `Smoke test of ${report.api} (run ${report.run})`,
    "",
    ...report.checks.map(checkLine),
    "",
    `${verdict}: ${report.passed} passed, ${report.failed} failed${skipped}; ${report.erased} smoke contacts erased`,
  ].join("\n");
}

export function smokeReportJson(report: SmokeReport): string {
  return JSON.stringify(report, null, 2);
}
