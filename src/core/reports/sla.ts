/**
 * PLACEHOLDER until the sla part's report is merged (it replaces this file, same signature): the
 * SLA per owner from the SLA_SCOPE day rows of the period (src/core/reports/counter-names.ts).
 */
import type { StatsStore } from "../contact-store";
import { SLA_SCOPE, slaCounter } from "./counter-names";
import { sumOf } from "./funnel";
import type { DayRange, SlaReport } from "./report-types";

export async function slaReport(stats: StatsStore, range: DayRange): Promise<SlaReport> {
  const rows = await stats.counterRows(SLA_SCOPE, range);
  const owners = new Set(rows.flatMap((row) => Object.keys(row.counts).map((name) => name.split(":")[1]!)));
  return {
    from: range.from,
    to: range.to,
    owners: [...owners].sort().map((owner) => ({
      owner,
      handoffs: sumOf(rows, slaCounter(owner, "handoffs")),
      accepted: sumOf(rows, slaCounter(owner, "accepted")),
      rejected: {},
      missed: sumOf(rows, slaCounter(owner, "missed")),
      medianToAccept: null,
      medianToFirstTouch: null,
    })),
  };
}
