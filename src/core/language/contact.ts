import { custom } from "./issue-code";
import { OwnerId, StageName } from "./names";
import { TimeZone } from "./time-zone";
import * as z from "./zod-mini";

export { CONTACT_FIELDS, type ContactField } from "./vocabulary";

export const ContactInput = z.strictObject({
  id: z.string().check((ctx) => {
    if (!/^[A-Za-z0-9._:@-]{1,128}$/.test(ctx.value)) {
      custom(
        ctx,
        "invalid-id",
        `"${ctx.value}" is not a contact id: use up to 128 letters, digits and . _ : @ - (no spaces)`,
      );
    }
  }),
  email: z.email(),
  firstName: z.optional(z.string().check(z.maxLength(100))),
  lastName: z.optional(z.string().check(z.maxLength(100))),
  company: z.optional(z.string().check(z.maxLength(200))),
  title: z.optional(z.string().check(z.maxLength(200))),
  timezone: z.optional(TimeZone),
  owner: z.optional(OwnerId),
  /** The contact's account (company); without it, its email's domain unless free mail (src/core/accounts.ts). */
  account: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
  stage: z.optional(StageName),
  attributes: z.optional(z.record(z.string(), z.unknown())),
});
export type ContactInput = z.infer<typeof ContactInput>;
