import { z } from "zod";
import { custom } from "./issue-code";

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

/** The checks every duration shares: well-formed, and at most a year. */
function durationCheck(zero: "rejected" | "allowed") {
  return (ctx: { value: string; issues: z.core.$ZodRawIssue[] }) => {
    const seconds = durationSeconds(ctx.value);
    if (seconds === undefined) {
      const hint =
        /^P.*[YM]/.test(ctx.value) && !ctx.value.includes("T")
          ? " (months and years vary in length: use days or weeks)"
          : "";
      custom(ctx, "invalid-duration", `"${ctx.value}" is not a duration${hint}: ${DURATION_HELP}`);
    } else if (seconds === 0 && zero === "rejected") {
      custom(
        ctx,
        "invalid-duration",
        `"${ctx.value}" is zero: a wait or timeout must last some time, like "30m" or "1d"`,
      );
    } else if (seconds > MAX_DURATION_SECONDS) {
      custom(
        ctx,
        "invalid-duration",
        `"${ctx.value}" is longer than a year, the longest an enrollment can run`,
      );
    }
  };
}

export const Duration = z
  .string()
  .check(durationCheck("rejected"))
  .meta({ description: `A duration: ${DURATION_HELP}.`, examples: ["2d", "4h", "1w", "P2D"] });
export type Duration = z.infer<typeof Duration>;

/** A duration that may be zero ("0m"): how long something lasts when "not at all" is a choice. */
export const DurationOrZero = z
  .string()
  .check(durationCheck("allowed"))
  .meta({ description: `A duration, or "0m" for none: ${DURATION_HELP}.`, examples: ["3d", "0m"] });
export type DurationOrZero = z.infer<typeof DurationOrZero>;
