/**
 * What a contact's touches and conversions add to the attribution day rows (names in
 * src/core/reports/counter-names.ts): per conversion, on its day, `conversions` 1, `revenue` its
 * amount and each model's credit by channel and by campaign; and the Markov transitions of the
 * contact's journeys. Money in CREDIT_SCALE units, apportioned so a conversion's credits under
 * each model add up to its revenue exactly.
 */
import type { Contact, StageChange } from "../model";
import {
  CONVERSIONS,
  CREDIT_SCALE,
  creditCounter,
  dayOf,
  REVENUE,
  transitionCounter,
} from "../reports/counter-names";
import { inTimeOrder, type JourneyElement, journeyTransitions } from "./markov";
import { apportion, type ConversionMoment, CREDITED_MODELS, creditShares } from "./models";
import { type AttributionConfig, type Conversion, NONE, type Touch } from "./touch";

/** Day → counter → amount. */
export type DayCounts = Map<string, Map<string, number>>;

function add(days: DayCounts, day: string, counter: string, amount: number): void {
  if (amount === 0) return;
  const row = days.get(day) ?? new Map<string, number>();
  row.set(counter, (row.get(counter) ?? 0) + amount);
  days.set(day, row);
}

/** When the contact first reached a stage (its first stage: when it was created), if it did. */
export function firstReached(
  stage: string,
  contact: Pick<Contact, "stage" | "createdAt">,
  history: readonly StageChange[],
): string | undefined {
  const initial = history[0]?.from ?? contact.stage;
  if (initial === stage) return contact.createdAt;
  return history.find((change) => change.to === stage)?.at;
}

/** The contact's touches in the lookback before the conversion, at or before it, oldest first. */
export function touchesOf(
  conversion: Conversion,
  touches: readonly Touch[],
  lookbackSeconds: number,
): Touch[] {
  const since = Date.parse(conversion.at) - lookbackSeconds * 1000;
  return touches.filter((touch) => touch.at <= conversion.at && Date.parse(touch.at) >= since);
}

/** What the contact's stages say of a conversion's moment (the w-shaped milestones). */
export interface StageRecord {
  contact: Pick<Contact, "stage" | "createdAt">;
  history: readonly StageChange[];
}

/** One conversion's credits: model → touch index → scaled credit (or `(none)` when no touch). */
export function conversionCredits(
  conversion: Conversion,
  touches: readonly Touch[],
  context: { config: AttributionConfig; stages: StageRecord },
): Array<{ model: string; credits: Array<{ touch?: Touch; amount: number }> }> {
  const scaled = Math.round(conversion.amount * CREDIT_SCALE);
  const { config, stages } = context;
  const moment: ConversionMoment = {
    at: conversion.at,
    halfLifeSeconds: config.halfLifeSeconds,
    milestones: config.milestones.map((stage) => {
      const reached = firstReached(stage, stages.contact, stages.history);
      return reached !== undefined && reached <= conversion.at ? reached : undefined;
    }),
  };
  return CREDITED_MODELS.map((model) => {
    if (touches.length === 0) return { model, credits: [{ amount: scaled }] };
    const parts = apportion(scaled, creditShares(model, touches, moment));
    return { model, credits: touches.map((touch, i) => ({ touch, amount: parts[i]! })) };
  });
}

/** Everything the contact's elements add to the day rows (elements in any order). */
export function attributionCounts(
  elements: readonly JourneyElement[],
  context: { config: AttributionConfig; stages: StageRecord },
): DayCounts {
  const days: DayCounts = new Map();
  const ordered = inTimeOrder(elements);
  const touches = ordered.flatMap((element) => ("touch" in element ? [element.touch] : []));
  for (const element of ordered) {
    if (!("conversion" in element)) continue;
    const { conversion } = element;
    const day = dayOf(conversion.at);
    add(days, day, CONVERSIONS, 1);
    add(days, day, REVENUE, Math.round(conversion.amount * CREDIT_SCALE));
    const mine = touchesOf(conversion, touches, context.config.lookbackSeconds);
    for (const { model, credits } of conversionCredits(conversion, mine, context))
      for (const { touch, amount } of credits) {
        add(days, day, creditCounter(model, "channel", touch?.channel ?? NONE), amount);
        add(days, day, creditCounter(model, "campaign", touch?.campaign ?? NONE), amount);
      }
  }
  for (const { from, to, day } of journeyTransitions(ordered, context.config.lookbackSeconds))
    add(days, day, transitionCounter(from, to), 1);
  return days;
}

/** `after` minus `before`, without the counters that did not change. */
export function difference(after: DayCounts, before: DayCounts): DayCounts {
  const days: DayCounts = new Map();
  for (const [day, row] of after) for (const [counter, n] of row) add(days, day, counter, n);
  for (const [day, row] of before) for (const [counter, n] of row) add(days, day, counter, -n);
  for (const [day, row] of days) {
    for (const [counter, n] of row) if (n === 0) row.delete(counter);
    if (row.size === 0) days.delete(day);
  }
  return days;
}
