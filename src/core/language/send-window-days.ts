/**
 * The days and hours of a send window as the language writes them ("mon-fri", "09:00-17:00"), parsed.
 * Free of zod: the engine reads windows at run time (src/core/language/send-window.ts holds the schema).
 */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const ALIASES: Record<string, string> = { daily: "mon-sun", weekdays: "mon-fri", weekends: "sat-sun" };

/**
 * The set of weekdays (0 = Sunday) in a days expression: "mon-fri", "mon,wed,fri", "sat-sun",
 * "fri-mon" (wrapping), or "daily", "weekdays", "weekends". Undefined when malformed.
 */
export function parseDays(text: string): Set<number> | undefined {
  const days = new Set<number>();
  const alias = text.trim().toLowerCase();
  // Own keys only: "__proto__" or "constructor" is no alias (and no object to split).
  const expanded = Object.hasOwn(ALIASES, alias) ? ALIASES[alias]! : text;
  for (const part of expanded.split(",")) {
    const [from, to, extra] = part.trim().toLowerCase().split("-");
    const a = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
    const b = to === undefined ? a : WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
    if (a < 0 || b < 0 || extra !== undefined) return undefined;
    for (let d = a; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === b) break;
    }
  }
  return days;
}

/** Minutes after midnight of the start and end of "09:00-17:00"; undefined when malformed or empty. */
export function parseHours(text: string): { start: number; end: number } | undefined {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (h1 > 23 || m1 > 59 || h2 > 24 || m2 > 59 || end > 1440 || end <= start) return undefined;
  return { start, end };
}
