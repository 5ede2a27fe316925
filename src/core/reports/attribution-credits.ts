/**
 * The credits of the attribution report from the summed day rows of a period: a credited model's
 * counters as they are, and the data-driven model from the period's Markov chain
 * (src/core/attribution/markov.ts): the revenue of conversions that had touches shared in
 * proportion to the channels' removal effects, the rest to `(none)`.
 */
import { chainOf, removalEffects } from "../attribution/markov";
import { NONE } from "../attribution/touch";
import { creditPrefix, REVENUE, TRANSITION_PREFIX } from "./counter-names";

/** A model's credits (counted units) by channel or campaign, from the summed counters. */
export function creditsOf(totals: Record<string, number>, model: string, by: "channel" | "campaign") {
  const prefix = creditPrefix(model, by);
  const credits = new Map<string, number>();
  for (const [name, n] of Object.entries(totals))
    if (name.startsWith(prefix) && n !== 0) credits.set(name.slice(prefix.length), n);
  return credits;
}

/** The period's transitions, from the summed counters. */
function transitions(totals: Record<string, number>) {
  return Object.entries(totals).flatMap(([name, count]) => {
    if (!name.startsWith(TRANSITION_PREFIX)) return [];
    const pair = name.slice(TRANSITION_PREFIX.length);
    const split = pair.lastIndexOf(">");
    return [{ from: pair.slice(0, split), to: pair.slice(split + 1), count }];
  });
}

/**
 * Data-driven credits (counted units). Untouched revenue is what every credited model gives
 * `(none)` (last-touch's counter). When the period's chain gives no channel an effect (no
 * converting journey in it), the touched revenue is shared as the linear model shares it.
 */
export function dataDrivenCredits(totals: Record<string, number>): Map<string, number> {
  const untouched = creditsOf(totals, "last-touch", "channel").get(NONE) ?? 0;
  const touched = (totals[REVENUE] ?? 0) - untouched;
  const effects = removalEffects(chainOf(transitions(totals)));
  const sum = [...effects.values()].reduce((a, b) => a + b, 0);
  const credits =
    sum > 0
      ? new Map(
          [...effects].filter(([, effect]) => effect > 0).map(([c, effect]) => [c, (touched * effect) / sum]),
        )
      : creditsOf(totals, "linear", "channel");
  credits.delete(NONE);
  if (untouched !== 0) credits.set(NONE, untouched);
  return credits;
}
