import { z } from "zod";
import { custom } from "./issue-code";

const known = new Map<string, boolean>();

/** True when the IANA zone name is one this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  let ok = known.get(name);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: name });
      ok = /^[A-Za-z_+\-/0-9]+$/.test(name);
    } catch {
      ok = false;
    }
    known.set(name, ok);
  }
  return ok;
}

export const TimeZone = z
  .string()
  .check((ctx) => {
    if (!isTimeZone(ctx.value)) {
      custom(
        ctx,
        "invalid-timezone",
        `"${ctx.value}" is not a time zone: use an IANA name such as "America/New_York", "Europe/Berlin" or "UTC"`,
      );
    }
  })
  .meta({ description: "An IANA time zone name.", examples: ["America/New_York", "Europe/Berlin"] });
export type TimeZone = z.infer<typeof TimeZone>;
