/**
 * The report counters recounted from the records (enrollments, the send ledger, events, stage
 * history), the way src/core/engine/count-facts.ts counts them as they happen: what the chaos
 * run's countersMatchRecords invariant compares the counters with. Day rows are compared by their
 * sum over every day (a late event may be counted on the day it arrived, not the day it happened).
 */
import { attributionConfig, attributionCounts, contactElements } from "../../core/attribution";
import { EMAIL_EVENT_METRICS, endingOf } from "../../core/engine/count-facts";
import type { Catalog } from "../../core/engine/deps";
import type { ContactStore } from "../../core/ports";
import {
  ACTIVE,
  ATTRIBUTION_SCOPE,
  dailyCounter,
  ENROLLED,
  endingCounter,
  linkCounter,
  moveCounter,
  STAGES_SCOPE,
  stageGauge,
  stepCounter,
  workflowScope,
} from "../../core/reports/counter-names";
import type { EmailMetric } from "../../core/reports/report-types";

/** Counter sums of a scope: over all its day rows, and its totals row. */
export interface ScopeCounts {
  days: Record<string, number>;
  totals: Record<string, number>;
}
export type Recount = Map<string, ScopeCounts>;

const DAILY = new Set<EmailMetric>(["sent", "opened", "clicked", "replied"]);
const EVERY_DAY = { from: "0000-01-01", to: "9999-12-31" };

class Tally {
  readonly scopes: Recount = new Map();
  add(scope: string, row: keyof ScopeCounts, counter: string, amount = 1): void {
    const counts = this.scopes.get(scope) ?? { days: {}, totals: {} };
    counts[row][counter] = (counts[row][counter] ?? 0) + amount;
    this.scopes.set(scope, counts);
  }
  email(workflowId: string, stepId: string, metric: EmailMetric): void {
    this.add(workflowScope(workflowId), "days", stepCounter(stepId, metric));
    if (DAILY.has(metric)) this.add(workflowScope(workflowId), "days", dailyCounter(metric as "sent"));
  }
}

/** What the counters should say about these contacts, from their records. */
export async function recount(
  store: ContactStore,
  contactIds: readonly string[],
  catalog: Pick<Catalog, "settings">,
): Promise<Recount> {
  const tally = new Tally();
  const config = attributionConfig(catalog.settings);
  for (const contactId of contactIds) {
    const view = await store.getContactView(contactId);
    if (!view) continue;
    for (const send of view.sends)
      if (send.status === "sent" && send.sentAt) tally.email(send.workflowId, send.stepId, "sent");
    const seen = new Set<string>();
    for (const event of view.events) {
      const metric = EMAIL_EVENT_METRICS[event.name];
      const { enrollmentId, workflowId, stepId } = event;
      if (!metric || !enrollmentId || !workflowId || !stepId) continue;
      const link =
        metric === "clicked" && typeof event.properties.link === "string" ? event.properties.link : "";
      for (const [key, counter] of [
        [`${metric}:${enrollmentId}:${stepId}`, ""],
        ...(link ? [[`link:${enrollmentId}:${stepId}:${link}`, linkCounter(stepId, link)]] : []),
      ] as const) {
        if (seen.has(key)) continue;
        seen.add(key);
        if (counter) tally.add(workflowScope(workflowId), "days", counter);
        else tally.email(workflowId, stepId, metric);
      }
    }
    for (const enrollment of view.enrollments) {
      const scope = workflowScope(enrollment.workflowId);
      tally.add(scope, "days", ENROLLED);
      const ending = endingOf(enrollment.status);
      if (ending) tally.add(scope, "days", endingCounter(ending));
      else tally.add(scope, "totals", ACTIVE);
    }
    const history = await store.stageHistory(contactId);
    tally.add(STAGES_SCOPE, "totals", stageGauge(view.contact.stage));
    tally.add(STAGES_SCOPE, "days", moveCounter(undefined, history[0]?.from ?? view.contact.stage));
    for (const change of history) tally.add(STAGES_SCOPE, "days", moveCounter(change.from, change.to));
    // Attribution: what the contact's touches and conversions add up to, counted in any order
    // (src/core/attribution/counting.ts); exact when no event came later than the lookback margin.
    const elements = contactElements(view.events, config);
    const stages = { contact: view.contact, history };
    for (const row of attributionCounts(elements, { config, stages }).values())
      for (const [counter, n] of row) tally.add(ATTRIBUTION_SCOPE, "days", counter, n);
  }
  return tally.scopes;
}

/** The counters as stored, in the recount's shape, for the scopes of the catalog's workflows, the stages and attribution. */
export async function storedCounts(store: ContactStore, catalog: Catalog): Promise<Recount> {
  const scopes = [...[...catalog.workflows.keys()].map(workflowScope), STAGES_SCOPE, ATTRIBUTION_SCOPE];
  const stored: Recount = new Map();
  for (const scope of scopes) {
    const [rows, totals] = await Promise.all([
      store.counterRows(scope, EVERY_DAY),
      store.counterTotals(scope),
    ]);
    const days: Record<string, number> = {};
    for (const row of rows)
      for (const [name, n] of Object.entries(row.counts)) days[name] = (days[name] ?? 0) + n;
    stored.set(scope, { days, totals: { ...totals?.counts } });
  }
  return stored;
}

/** Where the stored counters differ from the recount: `<scope> <counter>: stored X, recounted Y`. */
export function countDifferences(stored: Recount, recounted: Recount): string[] {
  const differences: string[] = [];
  for (const scope of new Set([...stored.keys(), ...recounted.keys()]))
    for (const row of ["days", "totals"] as const) {
      const a = stored.get(scope)?.[row] ?? {};
      const b = recounted.get(scope)?.[row] ?? {};
      for (const name of new Set([...Object.keys(a), ...Object.keys(b)]))
        if ((a[name] ?? 0) !== (b[name] ?? 0))
          differences.push(
            `${scope} ${row === "totals" ? "now" : "all days"} ${name}: stored ${a[name] ?? 0}, recounted ${b[name] ?? 0}`,
          );
    }
  return differences;
}
