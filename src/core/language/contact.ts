import { z } from "zod";
import { OwnerId, StageName } from "./names";
import { TimeZone } from "./time-zone";

export const ContactInput = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._:@-]+$/, "use letters, digits and . _ : @ - in contact ids"),
  email: z.email(),
  firstName: z.string().max(100).optional(),
  lastName: z.string().max(100).optional(),
  company: z.string().max(200).optional(),
  title: z.string().max(200).optional(),
  timezone: TimeZone.optional(),
  owner: OwnerId.optional(),
  stage: StageName.optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type ContactInput = z.infer<typeof ContactInput>;
