import { z } from "zod";
import { Duration } from "./duration";
import { linksBaseUrlProblem } from "./https-url";
import { custom } from "./issue-code";
import { Address, OwnerChoice, OwnerId, SlackName, StageName, WorkflowId } from "./names";
import { SendWindow } from "./send-window";
import { AsanaSettings, AttributionSettings, TrackingSettings, WebhookSettings } from "./settings-alignment";
import { TimeZone } from "./time-zone";

export { linksBaseUrlProblem } from "./https-url";

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
  timezone: z.optional(TimeZone),
});
export type Owner = z.infer<typeof Owner>;

/**
 * The sales–marketing agreement: after a handoff the owner accepts or rejects the lead within
 * `acceptWithin` (wall time), else it is reassigned once and `onMiss.notify` is told once.
 */
export const Sla = z
  .strictObject({
    acceptWithin: Duration.check(
      z.meta({
        description:
          "How long an owner has to accept or reject a handed-off lead (wall time, not send windows).",
      }),
    ),
    firstTouchWithin: Duration.check(
      z.meta({
        description:
          "The goal for the first touch (the first sequence email sent or rep task completed after the handoff); the SLA report gives the median.",
      }),
    ),
    onMiss: z
      .strictObject({
        reassign: OwnerChoice.check(
          z.meta({
            description:
              'Who gets a lead not accepted in time: "round-robin" (the next owner of settings.owners, never the same one) or an owner id.',
          }),
        ),
        notify: z
          .strictObject({ slack: SlackName })
          .optional()
          .meta({ description: "Tell a Slack channel once when a lead is reassigned." }),
      })
      .meta({ description: "What happens once when a lead is not accepted within acceptWithin." }),
    rejectTo: z.optional(WorkflowId).meta({
      description: "The campaign a rejected lead is enrolled in (a long-term nurture).",
    }),
    rejectStage: z.optional(StageName).meta({
      description: "The stage a rejected lead is set to (back or forward).",
    }),
  })
  .meta({ description: "The sales–marketing agreement: how fast owners answer handed-off leads." });
export type Sla = z.infer<typeof Sla>;
/** How contacts group into accounts (campaign language, "Accounts"; src/core/accounts.ts). */
export const AccountSettings = z
  .strictObject({
    freeMailDomains: z
      .array(z.string().regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, "write a domain such as mail.example"))
      .optional()
      .meta({
        description:
          "Free-mail domains besides the built-in list: their contacts have no account unless they name one.",
      }),
    engagedScore: z
      .number()
      .optional()
      .meta({ description: "A contact counts as engaged in its account from this score on (default 10)." }),
  })
  .meta({ description: "Accounts: which contacts belong to no account, and who counts as engaged." });
export type AccountSettings = z.infer<typeof AccountSettings>;

export const Settings = z
  .strictObject({
    $schema: z.string().optional(),
    schemaVersion: z.literal(1).optional(),
    kind: z.literal("settings"),
    organization: z.string().min(1),
    postalAddress: z.string().min(10).meta({ description: "Printed in every email (CAN-SPAM)." }),
    defaultFrom: Address,
    defaultTimezone: TimeZone,
    defaultSendWindow: z.optional(SendWindow),
    links: z.strictObject({
      baseUrl: z
        .url({ protocol: /^https?$/ })
        .check((ctx) => {
          // Not web addresses and other schemes are the format check's to report.
          const problem = /^http:/i.test(ctx.value) ? linksBaseUrlProblem(ctx.value) : undefined;
          if (problem) custom(ctx, "invalid-value", problem);
        })
        .meta({
          description:
            "Serves unsubscribe, click tracking and replies: https (http only on localhost, for local development).",
        }),
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
    sla: Sla.optional(),
    accounts: AccountSettings.optional(),
    tracking: TrackingSettings.optional(),
    attribution: AttributionSettings.optional(),
    integrations: z.strictObject({ asana: AsanaSettings.optional() }).optional(),
    webhooks: z.array(WebhookSettings).default([]),
  })
  .meta({ description: "The sender's organisation: address, domain, owners, Slack channels." });
export type Settings = z.infer<typeof Settings>;
