/**
 * The data-driven model: a first-order Markov chain over journeys (docs/campaign-language.md,
 * "Touchpoints and attribution"). A contact's touches and conversions, oldest first, form
 * journeys: one ends after each conversion, and before an element that comes more than the
 * lookback after the one before it. A journey's transitions are `(start)` → its first touch's
 * channel, channel → channel, its last touch → `(conversion)` if it ended in one, else → `(null)`
 * (a conversion with no touch: `(start)` → `(conversion)`). A channel's removal effect is
 * 1 − P(conversion | the channel removed) / P(conversion), where removing it sends every
 * transition into it to `(null)`.
 */
import { dayOf } from "../reports/counter-names";
import type { Conversion, Touch } from "./touch";

export const START = "(start)";
export const CONVERTED = "(conversion)";
export const LOST = "(null)";

/** A touch or a conversion of a contact. */
export type JourneyElement = { touch: Touch } | { conversion: Conversion };

export interface Transition {
  from: string;
  to: string;
  /** The UTC day of the later element (of the last touch, for `→ (null)`). */
  day: string;
}

const atOf = (element: JourneyElement) => ("touch" in element ? element.touch.at : element.conversion.at);
const idOf = (element: JourneyElement) => ("touch" in element ? element.touch.id : element.conversion.id);

/** Elements oldest first, ties by id (the same order whatever order they were read in). */
export function inTimeOrder<T extends JourneyElement>(elements: readonly T[]): T[] {
  return [...elements].sort((a, b) => {
    const [x, y] = [atOf(a), atOf(b)];
    return x < y ? -1 : x > y ? 1 : idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0;
  });
}

/** The transitions of one contact's journeys (elements oldest first). */
export function journeyTransitions(
  elements: readonly JourneyElement[],
  lookbackSeconds: number,
): Transition[] {
  const transitions: Transition[] = [];
  let state = START;
  let previous: string | undefined;
  let lastTouchAt = "";
  const lose = () => {
    if (state !== START) transitions.push({ from: state, to: LOST, day: dayOf(lastTouchAt) });
    state = START;
  };
  for (const element of elements) {
    const at = atOf(element);
    if (previous !== undefined && Date.parse(at) - Date.parse(previous) > lookbackSeconds * 1000) lose();
    previous = at;
    if ("conversion" in element) {
      transitions.push({ from: state, to: CONVERTED, day: dayOf(at) });
      state = START;
    } else {
      transitions.push({ from: state, to: element.touch.channel, day: dayOf(at) });
      state = element.touch.channel;
      lastTouchAt = at;
    }
  }
  lose();
  return transitions;
}

/** Transition counts: from → to → count. */
export type Chain = Map<string, Map<string, number>>;

export function chainOf(counts: Iterable<{ from: string; to: string; count: number }>): Chain {
  const chain: Chain = new Map();
  for (const { from, to, count } of counts) {
    if (count <= 0) continue;
    const row = chain.get(from) ?? new Map<string, number>();
    row.set(to, (row.get(to) ?? 0) + count);
    chain.set(from, row);
  }
  return chain;
}

const ITERATIONS = 10_000;
const TOLERANCE = 1e-13;

/**
 * The probability of reaching `(conversion)` from `(start)`, with the states in `removed` leading
 * to `(null)`: the least solution of p(s) = Σ P(s→t)·p(t), by iteration from 0 (loops converge;
 * a state whose every way out lies outside the period counts as lost).
 */
export function conversionProbability(chain: Chain, removed?: string): number {
  const states = [...chain.keys()];
  const probability = new Map<string, number>([[CONVERTED, 1]]);
  const totals = new Map(states.map((s) => [s, [...chain.get(s)!.values()].reduce((a, b) => a + b, 0)]));
  for (let round = 0; round < ITERATIONS; round++) {
    let change = 0;
    for (const state of states) {
      if (state === removed) continue;
      let value = 0;
      for (const [to, count] of chain.get(state)!)
        if (to !== removed) value += (count / totals.get(state)!) * (probability.get(to) ?? 0);
      change = Math.max(change, Math.abs(value - (probability.get(state) ?? 0)));
      probability.set(state, value);
    }
    if (change < TOLERANCE) break;
  }
  return probability.get(START) ?? 0;
}

/** Each channel's removal effect (channels: every state but start, conversion and null). */
export function removalEffects(chain: Chain): Map<string, number> {
  const whole = conversionProbability(chain);
  const channels = new Set<string>();
  for (const [from, row] of chain) for (const to of [from, ...row.keys()]) channels.add(to);
  for (const state of [START, CONVERTED, LOST]) channels.delete(state);
  const effects = new Map<string, number>();
  for (const channel of [...channels].sort())
    effects.set(channel, whole > 0 ? Math.max(0, 1 - conversionProbability(chain, channel) / whole) : 0);
  return effects;
}
