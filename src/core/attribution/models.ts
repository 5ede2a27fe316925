/**
 * The seven per-conversion credit models (docs/campaign-language.md, "Touchpoints and
 * attribution"): each gives every touch of a conversion its share, the shares adding up to 1.
 * The touches are the contact's touches in the lookback before the conversion, at or before it,
 * oldest first; a conversion with none is handled by the caller (all to `(none)`).
 */
import { ATTRIBUTION_MODELS, type AttributionModel } from "../language/vocabulary";
import { DIRECT } from "./channels";
import type { Touch } from "./touch";

/** The models computed per conversion (data-driven is computed over a period's journeys). */
export type CreditedModel = Exclude<AttributionModel, "data-driven">;
export const CREDITED_MODELS = ATTRIBUTION_MODELS.filter(
  (model): model is CreditedModel => model !== "data-driven",
);

/** What the shares of a conversion's touches depend on besides the touches. */
export interface ConversionMoment {
  /** The conversion's time. */
  at: string;
  halfLifeSeconds: number;
  /** When the contact first reached each w-shaped milestone, if at or before the conversion. */
  milestones: ReadonlyArray<string | undefined>;
}

const alone = (count: number, index: number): number[] =>
  Array.from({ length: count }, (_, i) => (i === index ? 1 : 0));

function lastNonDirect(touches: readonly Touch[]): number[] {
  const found = touches.findLastIndex((touch) => touch.channel !== DIRECT);
  return alone(touches.length, found === -1 ? touches.length - 1 : found);
}

function timeDecay(touches: readonly Touch[], moment: ConversionMoment): number[] {
  const end = Date.parse(moment.at);
  const weights = touches.map(
    (touch) => 2 ** (-(end - Date.parse(touch.at)) / 1000 / moment.halfLifeSeconds),
  );
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

function uShaped(count: number): number[] {
  if (count <= 2) return Array.from({ length: count }, () => 1 / count);
  return Array.from({ length: count }, (_, i) => (i === 0 || i === count - 1 ? 0.4 : 0.2 / (count - 2)));
}

/**
 * 30% to the first touch and to the last touch at or before each milestone (a missing milestone,
 * or one reached before any touch: the last touch), 10% split among the touches holding no role;
 * when every touch holds a role, the role shares are scaled up to the whole.
 */
function wShaped(touches: readonly Touch[], moment: ConversionMoment): number[] {
  const last = touches.length - 1;
  const roles = [0];
  for (const reached of moment.milestones) {
    const index = reached === undefined ? -1 : touches.findLastIndex((touch) => touch.at <= reached);
    roles.push(index === -1 ? last : index);
  }
  const shares = touches.map(() => 0);
  for (const index of roles) shares[index]! += 0.3;
  const rest = shares.flatMap((share, index) => (share === 0 ? [index] : []));
  if (rest.length === 0) return shares.map((share) => share / (0.3 * roles.length));
  for (const index of rest) shares[index] = 0.1 / rest.length;
  return shares;
}

/** Each touch's share of the conversion under `model` (touches oldest first, at least one). */
export function creditShares(
  model: CreditedModel,
  touches: readonly Touch[],
  moment: ConversionMoment,
): number[] {
  const count = touches.length;
  switch (model) {
    case "first-touch":
      return alone(count, 0);
    case "last-touch":
      return alone(count, count - 1);
    case "last-non-direct":
      return lastNonDirect(touches);
    case "linear":
      return touches.map(() => 1 / count);
    case "time-decay":
      return timeDecay(touches, moment);
    case "u-shaped":
      return uShaped(count);
    case "w-shaped":
      return wShaped(touches, moment);
  }
}

/**
 * Whole units split in proportion to the weights, the parts adding up to `total` exactly: each
 * part rounded down, the units left over to the largest remainders (the earliest first on a tie).
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((acc, weight) => acc + weight, 0);
  if (weights.length === 0 || sum === 0) return weights.map(() => 0);
  const sign = total < 0 ? -1 : 1;
  const exact = weights.map((weight) => (Math.abs(total) * weight) / sum);
  const parts = exact.map(Math.floor);
  let left = Math.abs(total) - parts.reduce((acc, part) => acc + part, 0);
  const order = exact
    .map((value, index) => ({ index, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts.map((part) => sign * part);
}
