import { z } from "zod";
import { Address, OwnerId, SlackName } from "./names";
import { SendWindow } from "./send-window";
import { TimeZone } from "./time-zone";

export const Owner = z.strictObject({
  id: OwnerId,
  name: z.string().min(1),
  email: z.email(),
  slackUser: z.string().optional(),
  timezone: TimeZone.optional(),
});
export type Owner = z.infer<typeof Owner>;

export const Settings = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1).optional(),
    kind: z.literal("settings"),
    organization: z.string().min(1),
    postalAddress: z.string().min(10).meta({ description: "Printed in every email (CAN-SPAM)." }),
    defaultFrom: Address,
    defaultTimezone: TimeZone,
    defaultSendWindow: SendWindow.optional(),
    links: z.strictObject({
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .meta({ description: "Serves unsubscribe, click tracking and replies." }),
    }),
    owners: z.array(Owner).default([]),
    slack: z
      .record(SlackName, z.strictObject({ webhookSecret: z.string().min(1), channel: z.string().optional() }))
      .default({}),
  })
  .meta({ description: "The sender's organisation: address, domain, owners, Slack channels." });
export type Settings = z.infer<typeof Settings>;
