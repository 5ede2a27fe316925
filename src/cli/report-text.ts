/**
 * The read API's reports as terminal text: what `handoff report funnel|stages` prints and what
 * `handoff simulate` prints per workflow (src/cli/simulation-output.ts), so the simulated and the
 * live reports look alike. Pure functions of the contract's shapes (src/core/reports/report-types.ts).
 */
import {
  DAILY_METRICS,
  type DailyFunnel,
  ENDINGS,
  type EndingName,
  type FunnelReport,
  type StagesReport,
  type StepFunnel,
} from "../core/reports/report-types";
import { ENDING_LABELS } from "../runtime/simulate/report-model";
import { bold, dim } from "./output";

/** `part` as a share of `whole`, one decimal; a dash when there is no whole. */
export const rate = (part: number, whole: number): string =>
  whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "–";

/** A bar of `width` characters, `n` of `max` filled. */
export function bar(n: number, max: number, width: number): string {
  const filled = max > 0 ? Math.round((width * n) / max) : 0;
  return "█".repeat(filled).padEnd(width, "·");
}

/** A cell right-aligned in its column: a count, a rate, a duration or a dash. */
const NUMERIC = /^(–|-?[\d,.]+%?|\d+[dhms]( \d+[dhms])?)$/;

/** Rows of cells as aligned columns: numeric columns (after the first) right-aligned, others left. */
export function table(head: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string[] {
  const text = rows.map((row) => row.map(String));
  const widths = head.map((cell, i) => Math.max(cell.length, ...text.map((row) => (row[i] ?? "").length)));
  const right = head.map((_, i) => i > 0 && text.every((row) => NUMERIC.test(row[i] ?? "")));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, i) => (right[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join("  ")}`.trimEnd();
  return [bold(line(head)), ...text.map(line)];
}

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ["d", 86_400],
  ["h", 3_600],
  ["m", 60],
  ["s", 1],
];

/** A number of seconds as its two largest units: "2h 13m", "3d 4h", "1h", "45s"; a dash for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "–";
  const total = Math.max(0, Math.round(seconds));
  const first = UNITS.findIndex(([, size]) => total >= size);
  if (first < 0) return "0s";
  const [unit, size] = UNITS[first]!;
  const rest = total % size;
  const next = UNITS[first + 1];
  const second = next ? Math.floor(rest / next[1]) : 0;
  return `${Math.floor(total / size)}${unit}${next && second > 0 ? ` ${second}${next[0]}` : ""}`;
}

/** Enrolled, running and each ending, with its share of the enrolled. */
function funnelTotals(report: FunnelReport): string[] {
  const rows: Array<[string, number]> = [
    ["enrolled", report.enrolled],
    ["active now", report.active],
    ...(Object.keys(ENDINGS) as EndingName[]).map((ending): [string, number] => [
      ENDING_LABELS[ending].toLowerCase(),
      report[ending],
    ]),
  ];
  const max = Math.max(1, ...rows.map(([, n]) => n));
  return rows.map(
    ([label, n]) =>
      `  ${label.padEnd(11)} ${bar(n, max, 30)} ${String(n).padStart(7)}  ${dim(rate(n, report.enrolled))}`,
  );
}

/** Each email step: its counts and its open, click and reply rates (shares of sent); then its links. */
function funnelSteps(steps: readonly StepFunnel[]): string[] {
  if (steps.length === 0) return ["  (no email steps)"];
  const head = ["step", "sent", "deliv", "opened", "clicked", "replied", "unsub", "bounced", "compl"];
  const rows = steps.map((step) => [
    step.step,
    step.sent,
    step.delivered,
    step.opened,
    step.clicked,
    step.replied,
    step.unsubscribed,
    step.bounced,
    step.complained,
  ]);
  const rates = steps.map((step) => [
    step.step,
    rate(step.opened, step.sent),
    rate(step.clicked, step.sent),
    rate(step.replied, step.sent),
  ]);
  const links = steps.flatMap((step) =>
    Object.entries(step.links)
      .sort(([, a], [, b]) => b - a)
      .map(([tag, clicks]) => [`${step.step} → ${tag}`, clicks, rate(clicks, step.sent)]),
  );
  return [
    ...table(head, rows),
    "",
    ...table(["step", "open rate", "click rate", "reply rate"], rates),
    ...(links.length > 0 ? ["", ...table(["link clicks", "clicks", "of sent"], links)] : []),
  ];
}

/** One line a day: a bar of the emails sent, then the day's counts. */
export function dailyChart(daily: readonly DailyFunnel[]): string[] {
  const max = Math.max(0, ...daily.map((day) => day.sent));
  const counts = (cells: readonly (string | number)[]) =>
    cells.map((cell) => String(cell).padStart(10)).join("");
  return [
    bold(`  ${"day".padEnd(10)} ${"emails sent".padEnd(24)}${counts(DAILY_METRICS)}`),
    ...daily.map(
      (day) => `  ${day.date} ${bar(day.sent, max, 24)}${counts(DAILY_METRICS.map((m) => day[m]))}`,
    ),
  ];
}

/** `handoff report funnel`: the workflow's totals, its email steps and its days. */
export function formatFunnelReport(report: FunnelReport): string {
  return [
    bold(`Funnel of ${report.workflow}, ${report.from} to ${report.to}`),
    ...funnelTotals(report),
    "",
    bold("Email steps"),
    ...funnelSteps(report.steps),
    "",
    bold("Daily"),
    ...dailyChart(report.daily),
  ].join("\n");
}

/** `handoff report stages`: contacts per stage now, and the moves of the period. */
export function formatStagesReport(report: StagesReport): string {
  const counts = Object.entries(report.stages);
  const total = counts.reduce((sum, [, n]) => sum + n, 0);
  const max = Math.max(1, ...counts.map(([, n]) => n));
  const width = Math.max(5, ...counts.map(([stage]) => stage.length));
  const moves = report.moves.map((move) => [`${move.from ?? "(new)"} → ${move.to}`, move.count]);
  return [
    bold("Contacts per stage now"),
    ...counts.map(
      ([stage, n]) =>
        `  ${stage.padEnd(width)} ${bar(n, max, 30)} ${String(n).padStart(7)}  ${dim(rate(n, total))}`,
    ),
    "",
    bold(`Moves, ${report.from} to ${report.to}`),
    ...(moves.length > 0 ? table(["move", "contacts"], moves) : ["  (no moves)"]),
  ].join("\n");
}
