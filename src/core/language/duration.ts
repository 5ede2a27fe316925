import { DURATION_HELP, durationSeconds, MAX_DURATION_SECONDS } from "./duration-seconds";
import { custom } from "./issue-code";
import * as z from "./zod-mini";

export { DURATION_HELP, durationSeconds, MAX_DURATION_SECONDS, toSeconds } from "./duration-seconds";

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
  .check(z.meta({ description: `A duration: ${DURATION_HELP}.`, examples: ["2d", "4h", "1w", "P2D"] }));
export type Duration = z.infer<typeof Duration>;

/** A duration that may be zero ("0m"): how long something lasts when "not at all" is a choice. */
export const DurationOrZero = z
  .string()
  .check(durationCheck("allowed"))
  .check(z.meta({ description: `A duration, or "0m" for none: ${DURATION_HELP}.`, examples: ["3d", "0m"] }));
export type DurationOrZero = z.infer<typeof DurationOrZero>;
