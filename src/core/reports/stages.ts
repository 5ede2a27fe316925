/** Contacts per stage now and the moves of a period, from the stage counters: two reads. */
import type { StatsStore } from "../contact-store";
import { moveCounter, STAGES_SCOPE, stageGauge } from "./counter-names";
import type { DayRange, StagesReport } from "./report-types";

export async function stagesReport(
  stats: StatsStore,
  stageNames: readonly string[],
  range: DayRange,
): Promise<StagesReport> {
  const [rows, totals] = await Promise.all([
    stats.counterRows(STAGES_SCOPE, range),
    stats.counterTotals(STAGES_SCOPE),
  ]);
  const stages = Object.fromEntries(
    stageNames.map((stage) => [stage, totals?.counts[stageGauge(stage)] ?? 0]),
  );
  const prefix = moveCounter("", "").slice(0, "move:".length);
  const moves = new Map<string, number>();
  for (const row of rows)
    for (const [name, n] of Object.entries(row.counts))
      if (name.startsWith(prefix)) moves.set(name, (moves.get(name) ?? 0) + n);
  return {
    from: range.from,
    to: range.to,
    stages,
    moves: [...moves]
      .filter(([, count]) => count > 0)
      .map(([name, count]) => {
        const [from, to] = name.slice(prefix.length).split(">") as [string, string];
        return { ...(from ? { from } : {}), to, count };
      })
      .sort((a, b) => b.count - a.count),
  };
}
