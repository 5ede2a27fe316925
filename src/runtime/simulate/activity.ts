import { eventConditions, eventMatches } from "../../core/conditions";
import type { Catalog } from "../../core/engine/deps";
import {
  conversionEventsOf,
  type EventCondition,
  type NumberComparison,
  type Scalar,
} from "../../core/language";
import type { EngagementEvent } from "../../core/model";
import { marketerWorkflows } from "../../core/smoke";
import { everyCondition } from "../../core/workflow-conditions";
import { EVENT_FREQUENCY, OTHER_EVENT_FREQUENCY } from "./personas";
import type { Random } from "./random";

/** A custom event as a prospect does it: its name, its properties, and how many in a row. */
export interface Act {
  event: string;
  properties: Record<string, Scalar>;
  /** Enough to satisfy the condition's `count` (a few /pricing views in one visit). */
  times: number;
}

/** One of the things prospects do, with how often relative to the others. */
export interface Activity extends Act {
  weight: number;
}

/** email.* and task.* events are Handoff's own: prospects cause them through emails and tasks. */
const BUILT_IN = /^(email|task)\./;
const MOST_TIMES = 5;

/** How many events a `count` asks for (at least one, at most a handful). */
export function timesFor(count: NumberComparison | undefined): number {
  const n = count?.gte ?? (count?.gt !== undefined ? count.gt + 1 : count?.eq) ?? 1;
  return Math.min(MOST_TIMES, Math.max(1, n));
}

/** The event a condition describes, as a prospect would do it. */
export function actOf(condition: EventCondition): Act {
  const properties = {
    ...condition.where,
    ...(condition.link !== undefined ? { link: condition.link } : {}),
  };
  return { event: condition.event, properties, times: timesFor(condition.count) };
}

export function isBuiltIn(event: string): boolean {
  return BUILT_IN.test(event);
}

/**
 * True when `act` would enroll the prospect somewhere: an `enrollWhen` of some workflow listens to
 * it. Prospects enter only the simulated workflow, once, so they never do such an event of their own.
 */
export function enrollingCheck(catalog: Catalog): (act: Act) => boolean {
  const enrolling = everyCondition(marketerWorkflows(catalog.workflows.values()), catalog.scoring)
    .filter((placed) => placed.counts === "arriving")
    .flatMap((placed) => eventConditions(placed.condition));
  return (act) => enrolling.some((filter) => eventMatches(asEvent(act), filter));
}

/**
 * The custom events the workflows and the scoring model listen to, as things prospects do: every
 * event of every condition but the built-ins, with the properties its `where` requires. Left out:
 * an event some `enrollWhen` listens to (see enrollingCheck) and the conversions (deals close after
 * a handoff or a meeting, with an amount: journeys.ts). Sorted, so that a seed picks the same
 * activities on every run.
 */
export function activities(catalog: Catalog): Activity[] {
  // The smoke workflows' events are the smoke run's to post, never a prospect's.
  const conditions = everyCondition(marketerWorkflows(catalog.workflows.values()), catalog.scoring);
  const enrolls = enrollingCheck(catalog);
  const conversions = conversionEventsOf(catalog.settings);
  const byKey = new Map<string, Act>();
  for (const placed of conditions) {
    if (placed.counts === "arriving") continue;
    for (const condition of eventConditions(placed.condition)) {
      if (isBuiltIn(condition.event) || conversions.includes(condition.event)) continue;
      const act = actOf(condition);
      const key = JSON.stringify([
        act.event,
        Object.entries(act.properties).sort(([a], [b]) => (a < b ? -1 : 1)),
      ]);
      byKey.set(key, { ...act, times: Math.max(act.times, byKey.get(key)?.times ?? 1) });
    }
  }
  const pool = [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, act]) => act)
    .filter((act) => !enrolls(act));
  const sameName = new Map<string, number>();
  for (const act of pool) sameName.set(act.event, (sameName.get(act.event) ?? 0) + 1);
  return pool.map((act) => ({
    ...act,
    weight: (EVENT_FREQUENCY[act.event] ?? OTHER_EVENT_FREQUENCY) / sameName.get(act.event)!,
  }));
}

/** One activity, by frequency; undefined when the workflows listen to no custom event. */
export function pickActivity(pool: readonly Activity[], random: Random): Activity | undefined {
  return pool.length
    ? random.weighted(pool.map((activity) => ({ weight: activity.weight, value: activity })))
    : undefined;
}

function asEvent(act: Act): EngagementEvent {
  return { id: "", contactId: "", name: act.event, at: "", properties: act.properties };
}
