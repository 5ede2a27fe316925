import { z } from "zod";
import { custom } from "./issue-code";
import { OwnerId, StageName } from "./names";
import { TimeZone } from "./time-zone";

/** A contact's own profile fields, in the order people write them (CSV headers, merge fields). */
export const CONTACT_FIELDS = [
  "id",
  "email",
  "firstName",
  "lastName",
  "company",
  "title",
  "timezone",
  "owner",
  "account",
  "stage",
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

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
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  company: z.string().max(200).optional(),
  title: z.string().max(200).optional(),
  timezone: TimeZone.optional(),
  owner: OwnerId.optional(),
  /** The contact's account (company); without it, its email's domain unless free mail (src/core/accounts.ts). */
  account: z.string().trim().min(1).max(200).optional(),
  stage: StageName.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;
