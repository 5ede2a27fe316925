import type {
  AccountsReport,
  AttributionReport,
  FunnelReport,
  SlaReport,
  StagesReport,
} from "../../core/reports/report-types";
import { apiTarget, readApi } from "../api-target";
import { REPORT_NAMES, type ReportName } from "../program/api-commands";
import { formatFunnelReport, formatStagesReport } from "../report-text";
import { formatAccountsReport, formatAttributionReport, formatSlaReport } from "../report-text-sales";
import { UsageError } from "../usage";

export interface ReportFlags {
  workflow?: string;
  from?: string;
  to?: string;
  model?: string;
  by?: string;
  limit?: string;
  json?: boolean;
  api?: string;
  apiKey?: string;
}

/** Each report: the query parameters it takes, and how its answer reads in a terminal. */
const REPORTS = {
  funnel: {
    params: ["workflow", "from", "to"],
    text: (answer: unknown) => formatFunnelReport(answer as FunnelReport),
  },
  stages: { params: ["from", "to"], text: (answer: unknown) => formatStagesReport(answer as StagesReport) },
  sla: { params: ["from", "to"], text: (answer: unknown) => formatSlaReport(answer as SlaReport) },
  accounts: { params: ["limit"], text: (answer: unknown) => formatAccountsReport(answer as AccountsReport) },
  attribution: {
    params: ["model", "by", "from", "to"],
    text: (answer: unknown) => formatAttributionReport(answer as AttributionReport),
  },
} as const satisfies Record<
  ReportName,
  { params: ReadonlyArray<keyof ReportFlags>; text: (a: unknown) => string }
>;

/** A day (`2026-03-02`) or an ISO time, as the read API takes `from` and `to`. */
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The flags a report takes, checked, as the API's query parameters. */
function queryOf(name: ReportName, flags: ReportFlags): URLSearchParams {
  const takes: readonly string[] = REPORTS[name].params;
  const given = (["workflow", "from", "to", "model", "by", "limit"] as const).filter(
    (f) => flags[f] !== undefined,
  );
  const stray = given.find((flag) => !takes.includes(flag));
  if (stray) throw new UsageError(`the ${name} report takes no --${stray}`);
  if (name === "funnel" && !flags.workflow) throw new UsageError("the funnel report needs --workflow <id>");
  for (const flag of ["from", "to"] as const) {
    const value = flags[flag];
    if (value !== undefined && (!DATE.test(value) || Number.isNaN(Date.parse(value))))
      throw new UsageError(`--${flag} takes a day (2026-03-02) or an ISO time, not "${value}"`);
  }
  if (flags.by !== undefined && flags.by !== "channel" && flags.by !== "campaign")
    throw new UsageError(`--by takes channel or campaign, not "${flags.by}"`);
  if (flags.limit !== undefined && !/^[1-9]\d{0,2}$/.test(flags.limit))
    throw new UsageError(`--limit takes a whole number from 1, not "${flags.limit}"`);
  return new URLSearchParams(given.map((flag): [string, string] => [flag, flags[flag]!]));
}

function reportName(text: string): ReportName {
  if ((REPORT_NAMES as readonly string[]).includes(text)) return text as ReportName;
  throw new UsageError(`unknown report "${text}"; there are ${REPORT_NAMES.join(", ")}`);
}

/** `handoff report <report>`: the read API's report, as text or --json. */
export async function report(text: string, flags: ReportFlags): Promise<void> {
  const name = reportName(text);
  const query = queryOf(name, flags);
  const answer = await readApi(apiTarget(flags), `/reports/${name}${query.size > 0 ? `?${query}` : ""}`);
  process.stdout.write(`${flags.json ? JSON.stringify(answer, null, 2) : REPORTS[name].text(answer)}\n`);
}
