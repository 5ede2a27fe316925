/**
 * The SLA report per owner (docs/campaign-language.md, "Sales–marketing agreement"): handoffs,
 * accepted, rejected by reason, missed, and the medians of the time to accept and to the first
 * touch, from the SLA scope's day rows only: one query.
 */
import type { StatsStore } from "../contact-store";
import { parseSlaName, SLA_REJECTED_PREFIX, SLA_SCOPE } from "./counter-names";
import type { DayRange, SlaOwnerReport, SlaReport } from "./report-types";

/** The median of some seconds (the mean of the middle two for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

interface OwnerTally {
  report: SlaOwnerReport;
  toAccept: number[];
  toFirstTouch: number[];
}

function tallyOf(tallies: Map<string, OwnerTally>, owner: string): OwnerTally {
  let tally = tallies.get(owner);
  if (!tally) {
    const report = {
      owner,
      handoffs: 0,
      accepted: 0,
      rejected: {},
      missed: 0,
      medianToAccept: null,
      medianToFirstTouch: null,
    };
    tally = { report, toAccept: [], toFirstTouch: [] };
    tallies.set(owner, tally);
  }
  return tally;
}

function addCount(report: SlaOwnerReport, measure: string, n: number): void {
  if (measure.startsWith(SLA_REJECTED_PREFIX)) {
    const reason = measure.slice(SLA_REJECTED_PREFIX.length);
    report.rejected[reason] = (report.rejected[reason] ?? 0) + n;
  } else if (measure === "handoffs" || measure === "accepted" || measure === "missed") report[measure] += n;
}

export async function slaReport(stats: StatsStore, range: DayRange): Promise<SlaReport> {
  const rows = await stats.counterRows(SLA_SCOPE, range);
  const tallies = new Map<string, OwnerTally>();
  for (const row of rows) {
    for (const [name, n] of Object.entries(row.counts)) {
      const parsed = parseSlaName(name);
      if (parsed) addCount(tallyOf(tallies, parsed.owner).report, parsed.measure, n);
    }
    for (const [name, values] of Object.entries(row.samples)) {
      const parsed = parseSlaName(name);
      if (parsed?.measure === "toAccept" || parsed?.measure === "toFirstTouch")
        tallyOf(tallies, parsed.owner)[parsed.measure].push(...values);
    }
  }
  const owners = [...tallies.values()].map(({ report, toAccept, toFirstTouch }) => ({
    ...report,
    medianToAccept: median(toAccept),
    medianToFirstTouch: median(toFirstTouch),
  }));
  owners.sort((a, b) => a.owner.localeCompare(b.owner));
  return { from: range.from, to: range.to, owners };
}
