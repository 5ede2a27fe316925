/** How numbers, rates, durations and times read on the dashboard. */
const COUNT = new Intl.NumberFormat("en-US");

export function count(n: number): string {
  return COUNT.format(n);
}

/** `part` of `whole` as a percentage with one decimal; "–" when `whole` is 0. */
export function rate(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "–";
}

/** Seconds as "45 s", "12 min", "3.5 h" or "2.1 d"; "–" for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return "–";
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** An ISO time as "2026-03-04 14:05 UTC" (the API's times are UTC). */
export function dateTime(iso: string | undefined): string {
  if (!iso) return "–";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** A title-cased label of a counter name: "handedOff" → "Handed off". */
export function label(name: string): string {
  const words = name.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A task's due time; a lead reassigned after a missed SLA is no longer timed, its deadline the far
 * future (NOT_TIMED in src/core/engine/sla.ts), which reads "not timed".
 */
export function dueTime(iso: string): string {
  return iso.startsWith("9999-") ? "not timed" : dateTime(iso);
}
