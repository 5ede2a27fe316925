// Median and spread of repeated measurements, and how the bench prints them.
import { performance } from "node:perf_hooks";

/** A figure measured `runs` times: its median and its spread (min–max). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error("no values to summarize");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, runs: sorted.length };
}

/** Applies `f` to the median and both ends (contacts per second from seconds, say). */
export function mapSpread(measured: Spread, f: (x: number) => number): Spread {
  const [a, b] = [f(measured.min), f(measured.max)];
  return { median: f(measured.median), min: Math.min(a, b), max: Math.max(a, b), runs: measured.runs };
}

/** Milliseconds of `fn`, run `runs` times after `warmup` untimed runs. */
export function timeSync(fn: () => void, runs: number, warmup = 1): Spread {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return spread(times);
}

/** Milliseconds of `fn`, run `runs` times one after another. */
export async function timeAsync(fn: () => Promise<void>, runs: number): Promise<Spread> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return spread(times);
}

/** A number for humans: 3 significant digits at most, thousands grouped. */
export function num(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return x.toLocaleString("en-US", { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** "12.3 s (11.9–13.0, 3 runs)", or "12.3 s (1 run)". */
export function show(measured: Spread, unit: string, digits = 3): string {
  const u = unit ? ` ${unit}` : "";
  if (measured.runs === 1) return `${num(measured.median, digits)}${u} (1 run)`;
  return `${num(measured.median, digits)}${u} (${num(measured.min, digits)}–${num(measured.max, digits)}, ${measured.runs} runs)`;
}

/** Rounds every number of a Spread for the JSON output. */
export function rounded(measured: Spread, decimals = 3): Spread {
  const round = (x: number) => Number(x.toFixed(decimals));
  return {
    median: round(measured.median),
    min: round(measured.min),
    max: round(measured.max),
    runs: measured.runs,
  };
}
