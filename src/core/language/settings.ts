import { z } from "zod";
import { custom } from "./issue-code";
import { Address, OwnerId, SlackName } from "./names";
import { SendWindow } from "./send-window";
import { TimeZone } from "./time-zone";

export const Owner = z.strictObject({
  id: OwnerId,
  name: z.string().min(1),
  email: z.email(),
  slackUser: z
    .string()
    .check((ctx) => {
      if (!/^[UW][A-Z0-9]{6,}$/.test(ctx.value))
        custom(
          ctx,
          "invalid-value",
          `"${ctx.value}" is not a Slack member id: write one such as "U024BE7LH" (in Slack: the person's profile, ⋮, Copy member ID), not a name`,
        );
    })
    .optional()
    .meta({ description: "The owner's Slack member id: handoffs and their tasks @-mention them." }),
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
      .record(
        SlackName,
        z.strictObject({
          webhookSecret: z
            .string()
            .min(1)
            .meta({ description: "Name of the secret that holds the channel's incoming-webhook URL." }),
        }),
      )
      .default({})
      .meta({
        description:
          "Slack channels by the name workflows use; each is an incoming webhook, which posts to the channel it was created for.",
      }),
  })
  .meta({ description: "The sender's organisation: address, domain, owners, Slack channels." });
export type Settings = z.infer<typeof Settings>;
