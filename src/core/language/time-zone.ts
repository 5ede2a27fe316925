import { custom } from "./issue-code";
import { timeZoneProblem } from "./time-zone-names";
import * as z from "./zod-mini";

export { isTimeZone, timeZoneProblem } from "./time-zone-names";

export const TimeZone = z
  .string()
  .check((ctx) => {
    const problem = timeZoneProblem(ctx.value);
    if (problem) custom(ctx, "invalid-timezone", problem);
  })
  .check(
    z.meta({
      description: 'An IANA time zone: a region/city name such as "America/New_York", or "UTC".',
      examples: ["America/New_York", "Europe/Berlin"],
    }),
  );
export type TimeZone = z.infer<typeof TimeZone>;
