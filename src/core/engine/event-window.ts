/**
 * How much of a contact's history the rules read (docs/data-model.md, "Bounded reads"): the events
 * since the horizon the catalog needs, and of them only the newest EVENT_READ_LIMIT. Scores and
 * conditions are computed from these exactly as from the whole history, for every contact whose
 * needed history fits in the limit.
 */
import { attributionHorizonSeconds } from "../attribution/touch";
import { eventConditions } from "../conditions";
import type { Condition } from "../language";
import { toSeconds } from "../language/duration-seconds";
import { workflowConditions } from "../language/workflow-conditions";
import type { EventWindow } from "../ports";
import type { Catalog, EngineDeps } from "./deps";

/**
 * At most this many of a contact's newest events are read to evaluate its rules: about 250 KB of
 * events, one DynamoDB page. Far more than the conditions of the sample workflows look at (a few
 * events in a few weeks), and what keeps the work of a request bounded when a contact has more.
 */
export const EVENT_READ_LIMIT = 500;

/** Conditions without `within`, and scores without decay, look back at most this far. */
export const HISTORY_HORIZON_DAYS = 400;

/** An award decayed below this is lost in the score's rounding to hundredths. */
const NEGLIGIBLE_POINTS = 0.005;

const DAY = 86_400;

/** The reads that need no events at all (enrollment, the email a reply answers). */
export const NO_EVENTS: EventWindow = { limit: 0 };

/**
 * How far back (seconds) the catalog's rules read events: the longest `within` of an event
 * condition, the longest scoring cap period, and the age after which the largest award has decayed
 * below half a hundredth, the attribution lookback (and a margin for late events); HISTORY_HORIZON_DAYS for a condition without `within` (they count since
 * the enrollment began, or ever) or a score without decay, and never more.
 */
export function eventHorizonSeconds(catalog: Pick<Catalog, "scoring" | "workflows" | "settings">): number {
  const max = HISTORY_HORIZON_DAYS * DAY;
  const { scoring } = catalog;
  const conditions: Condition[] = [
    ...[...catalog.workflows.values()].flatMap((w) => workflowConditions(w).map((c) => c.condition)),
    ...Object.values(scoring.promote),
  ];
  let horizon = attributionHorizonSeconds(catalog.settings);
  for (const event of conditions.flatMap(eventConditions))
    horizon = Math.max(horizon, event.within === undefined ? max : toSeconds(event.within));
  for (const rule of scoring.rules) if (rule.cap) horizon = Math.max(horizon, toSeconds(rule.cap.per));
  const largest = Math.max(0, ...scoring.rules.map((rule) => Math.abs(rule.points)));
  if (largest > 0) {
    const halfLives = Math.log2(largest / NEGLIGIBLE_POINTS);
    const decayed = scoring.decay ? Math.ceil(halfLives * toSeconds(scoring.decay.halfLife)) : max;
    horizon = Math.max(horizon, decayed);
  }
  return Math.min(horizon, max);
}

const horizons = new WeakMap<object, number>();

/** The events a rule evaluation reads now: since the catalog's horizon, the newest EVENT_READ_LIMIT. */
export function eventWindow(deps: EngineDeps): EventWindow {
  let horizon = horizons.get(deps.catalog);
  if (horizon === undefined) {
    horizon = eventHorizonSeconds(deps.catalog);
    horizons.set(deps.catalog, horizon);
  }
  const since = new Date(deps.clock.now().getTime() - horizon * 1000).toISOString();
  return { since, limit: EVENT_READ_LIMIT };
}
