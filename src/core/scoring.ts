/**
 * Lead scoring: a contact's score from its events under the scoring model (rules, caps, decay),
 * and the lifecycle stage the model promotes it to. Pure: the clock is passed in.
 */
import { evaluateCondition, eventMatches } from "./conditions";
import type { Scoring } from "./language";
import { toSeconds } from "./language/duration-seconds";
import type { Contact, EngagementEvent } from "./model";

/** The points one rule awarded for one event. */
export interface ScoreContribution {
  /** Index of the rule in `model.rules`. */
  rule: number;
  eventId: string;
  event: string;
  at: string;
  /** Points awarded after the rule's cap, before decay. */
  points: number;
  /** True when the cap cut the award below the rule's points. */
  capped: boolean;
  /** What the award is worth at `now`, after decay. */
  value: number;
}

/** One rule's totals. */
export interface RuleScore {
  rule: number;
  event: string;
  /** Events the rule matched. */
  matched: number;
  /** Points awarded after caps, before decay. */
  points: number;
  /** Points after decay (unrounded). */
  value: number;
}

export interface ScoreBreakdown {
  /** The score, rounded to 2 decimals: what computeScore returns. */
  score: number;
  /** Every award, in event order (time, then event id), then rule order. */
  contributions: ScoreContribution[];
  /** One entry per rule of the model, in model order. */
  rules: RuleScore[];
}

interface TimedEvent {
  event: EngagementEvent;
  at: number;
}

interface CapState {
  perMs: number;
  limit: number;
  /** Awards (magnitudes) still inside the window, oldest first from `head`. */
  awards: { at: number; points: number }[];
  head: number;
  sum: number;
}

/** The contact's score at `now`: the sum of its events' points, capped per rule and decayed by age. */
export function computeScore(model: Scoring, events: readonly EngagementEvent[], now: Date): number {
  return scoreBreakdown(model, events, now).score;
}

/** The score with each rule's contribution per event, for debugging and explanations. */
export function scoreBreakdown(
  model: Scoring,
  events: readonly EngagementEvent[],
  now: Date,
): ScoreBreakdown {
  const nowMs = now.getTime();
  const halfLifeMs = model.decay ? toSeconds(model.decay.halfLife) * 1000 : undefined;
  const rules: RuleScore[] = model.rules.map((rule, index) => ({
    rule: index,
    event: rule.event,
    matched: 0,
    points: 0,
    value: 0,
  }));
  const caps: (CapState | undefined)[] = model.rules.map((rule) =>
    rule.cap
      ? { perMs: toSeconds(rule.cap.per) * 1000, limit: rule.cap.points, awards: [], head: 0, sum: 0 }
      : undefined,
  );
  const contributions: ScoreContribution[] = [];
  let total = 0;
  for (const { event, at } of orderedEvents(events, nowMs)) {
    const factor = halfLifeMs ? 0.5 ** ((nowMs - at) / halfLifeMs) : 1;
    model.rules.forEach((rule, index) => {
      if (!eventMatches(event, rule)) return;
      const cap = caps[index];
      const points = cap ? capped(cap, at, rule.points) : rule.points;
      const value = points * factor;
      const totals = rules[index]!;
      totals.matched += 1;
      totals.points += points;
      totals.value += value;
      total += value;
      contributions.push({
        rule: index,
        eventId: event.id,
        event: event.name,
        at: event.at,
        points,
        capped: points !== rule.points,
        value,
      });
    });
  }
  return { score: round2(total), contributions, rules };
}

/**
 * The stage the contact should move to: the latest stage, later than its current one, whose
 * `promote` condition holds; undefined when none (scoring only moves a contact forward).
 */
export function promotedStage(
  model: Scoring,
  contact: Contact,
  score: number,
  events: readonly EngagementEvent[],
  now: Date,
): string | undefined {
  const current = model.stages.indexOf(contact.stage);
  const ctx = { contact, score, stages: model.stages, events, now };
  for (let i = model.stages.length - 1; i > current; i--) {
    const stage = model.stages[i]!;
    const condition = model.promote[stage];
    if (condition && evaluateCondition(condition, ctx)) return stage;
  }
  return undefined;
}

/**
 * Awards `points` at `at` under a cap: at most `limit` points (in magnitude, for negative rules)
 * from this rule within (at - per, at]. Events must arrive in time order.
 */
function capped(cap: CapState, at: number, points: number): number {
  while (cap.head < cap.awards.length && cap.awards[cap.head]!.at <= at - cap.perMs) {
    cap.sum -= cap.awards[cap.head]!.points;
    cap.head += 1;
  }
  const magnitude = Math.min(Math.abs(points), Math.max(0, cap.limit - cap.sum));
  if (magnitude > 0) {
    cap.awards.push({ at, points: magnitude });
    cap.sum += magnitude;
  }
  return points < 0 && magnitude > 0 ? -magnitude : magnitude;
}

/**
 * Events at or before `now`, in time order with ties broken by id, one per id (an event delivered
 * twice counts once). The order is total, so the result does not depend on the input order.
 */
function orderedEvents(events: readonly EngagementEvent[], nowMs: number): TimedEvent[] {
  const timed: TimedEvent[] = [];
  for (const event of events) {
    const at = Date.parse(event.at);
    if (!Number.isNaN(at) && at <= nowMs) timed.push({ event, at });
  }
  timed.sort(
    (a, b) => a.at - b.at || compareText(a.event.id, b.event.id) || compareContent(a.event, b.event),
  );
  const seen = new Set<string>();
  return timed.filter(({ event }) => {
    if (seen.has(event.id)) return false;
    seen.add(event.id);
    return true;
  });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders two events that share a time and an id (a corrupt duplicate) by name and properties. */
function compareContent(a: EngagementEvent, b: EngagementEvent): number {
  return compareText(contentKey(a), contentKey(b));
}

function contentKey(event: EngagementEvent): string {
  const properties = Object.keys(event.properties)
    .sort()
    .map((key) => [key, event.properties[key]]);
  return JSON.stringify([event.name, properties]);
}

function round2(value: number): number {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}
