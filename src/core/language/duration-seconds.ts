/**
 * Durations as the language writes them ("30m", "4h", "2d", "1w", ISO 8601 "P2D") and their
 * length in seconds. Free of zod: the engine reads durations at run time (src/core/language/duration.ts
 * holds the schema that checks them).
 */
const SHORT = /^(\d+)(m|h|d|w)$/;
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_SECONDS = { m: 60, h: 3600, d: 86400, w: 604800 } as const;

/** Seconds in a duration such as "30m", "4h", "2d", "1w", "P2D" or "PT4H"; undefined when malformed. */
export function durationSeconds(text: string): number | undefined {
  const short = SHORT.exec(text);
  if (short) return Number(short[1]) * UNIT_SECONDS[short[2] as keyof typeof UNIT_SECONDS];
  const iso = ISO.exec(text);
  if (!iso || text === "P" || text.endsWith("T")) return undefined;
  const [w, d, h, m, s] = iso.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  return w * 604800 + d * 86400 + h * 3600 + m * 60 + s;
}

/** Parses a duration known to be valid (schemas have checked it). */
export function toSeconds(text: string): number {
  const seconds = durationSeconds(text);
  if (seconds === undefined) throw new RangeError(`not a duration: ${text}`);
  return seconds;
}

export const DURATION_HELP = `write it as "30m", "4h", "2d" or "1w" (minutes, hours, days, weeks), or in ISO 8601 like "P2D" or "PT4H"`;

/** Longest pause a workflow may ask for: Step Functions executions last at most one year. */
export const MAX_DURATION_SECONDS = 365 * 86400;
