import { custom } from "./issue-code";
import { parseDays, parseHours } from "./send-window-days";
import { TimeZone } from "./time-zone";
import { timeZoneProblem } from "./time-zone-names";
import * as z from "./zod-mini";

export { parseDays, parseHours, WEEKDAYS } from "./send-window-days";

export const SendWindow = z
  .strictObject({
    days: z
      .string()
      .check((ctx) => {
        if (!parseDays(ctx.value)) {
          custom(
            ctx,
            "invalid-send-window",
            `"${ctx.value}" is not a set of days: write "mon-fri", "mon,wed,fri", "daily", "weekdays" or "weekends"`,
          );
        }
      })
      .check(
        z.meta({ description: 'Days the window is open: "mon-fri", "mon,wed,fri", "daily", "weekdays".' }),
      ),
    hours: z
      .string()
      .check((ctx) => {
        if (!parseHours(ctx.value)) {
          const padded = ctx.value.replace(/\b(\d):/g, "0$1:");
          const hint = padded !== ctx.value && parseHours(padded) ? `"${padded}"` : '"09:00-17:00"';
          custom(
            ctx,
            "invalid-send-window",
            `"${ctx.value}" is not a span of hours: write ${hint} (24-hour clock, two digits each, start before end)`,
          );
        }
      })
      .check(z.meta({ description: 'Hours the window is open, 24-hour clock: "09:00-17:00".' })),
    timezone: z
      .string()
      .check((ctx) => {
        const problem = ctx.value === "contact" ? undefined : timeZoneProblem(ctx.value);
        if (problem) custom(ctx, "invalid-timezone", `${problem} (or "contact": each contact's own zone)`);
      })
      .check(
        z.meta({
          description: '"contact" (the contact\'s own zone) or an IANA zone name.',
          examples: ["contact", "Europe/Berlin"],
        }),
      ),
    fallbackTimezone: z.optional(TimeZone).check(
      z.meta({
        description: "Zone used for contacts without one (else the settings' defaultTimezone).",
      }),
    ),
  })
  .check(
    z.meta({
      description: "When emails may go out; an email due outside the window is held until it opens.",
    }),
  );
export type SendWindow = z.infer<typeof SendWindow>;
