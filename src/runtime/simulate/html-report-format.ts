// How the HTML report writes numbers: never NaN, grouped thousands, dollars to the hundredth of a cent.

export const DASH = "–";

export const safe = (n: number): number => (Number.isFinite(n) ? n : 0);
export const num = (n: number, decimals = 2): string =>
  safe(n).toLocaleString("en-US", { maximumFractionDigits: decimals });
export const usd = (n: number): string =>
  n > 0 && n < 0.00005
    ? "&lt;$0.0001"
    : `$${safe(n).toLocaleString("en-US", { minimumFractionDigits: 4, maximumFractionDigits: 4 })}`;
/** `part` as a percentage of `whole`, one decimal; a dash when there is no whole. */
export const pct = (part: number, whole: number): string =>
  whole > 0 ? `${((safe(part) / whole) * 100).toFixed(1)}%` : DASH;
