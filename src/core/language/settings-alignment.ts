/**
 * The settings of the alignment tools (campaign language, "Touchpoints and attribution", "Website
 * tracking", "Integrations"): settings.tracking, settings.attribution, settings.integrations and
 * settings.webhooks. Secrets are never written here: a field ending in `Secret` (or `secret`) names
 * the secret that holds the value.
 */
import { z } from "zod";
import { Duration } from "./duration";
import { httpsUrlProblem } from "./https-url";
import { custom } from "./issue-code";
import { EventName, OwnerId, StageName } from "./names";
import { WEBHOOK_EVENTS } from "./vocabulary";

export {
  ATTRIBUTION_MODELS,
  type AttributionModel,
  conversionEventsOf,
  DEFAULT_CONVERSIONS,
  WEBHOOK_EVENTS,
  type WebhookEventName,
} from "./vocabulary";

/** A web origin: scheme, host and port, nothing after (`https://www.acme.example`). */
const Origin = z
  .string()
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
    'write an origin such as "https://www.acme.example": scheme and host (and port), no path',
  );

export const TrackingSite = z.strictObject({
  key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "a site key is 8-64 letters, digits, hyphens, underscores")
    .meta({ description: "The public site key the snippet carries (data-site): not a secret." }),
  origins: z
    .array(Origin)
    .min(1)
    .meta({ description: "The origins whose pages may send with this key (CORS)." }),
  rate: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .meta({ description: "Requests per second the key may make (default 20)." }),
});
export type TrackingSite = z.infer<typeof TrackingSite>;

export const TrackingSettings = z
  .strictObject({
    sites: z.array(TrackingSite).default([]),
    requireConsent: z
      .boolean()
      .optional()
      .meta({ description: "Send nothing from a page before handoff('consent', true)." }),
  })
  .meta({ description: "The website tracking script (GET /t.js): site keys and consent." });
export type TrackingSettings = z.infer<typeof TrackingSettings>;

export const ChannelRule = z.strictObject({
  channel: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "a channel is a lowercase name such as paid-search"),
  medium: z.array(z.string().min(1)).optional(),
  source: z.array(z.string().min(1)).optional(),
});
export type ChannelRule = z.infer<typeof ChannelRule>;

export const AttributionSettings = z
  .strictObject({
    channels: z.array(ChannelRule).optional().meta({
      description:
        "How a touch with medium/source and no channel gets one; first match wins, then the built-in grouping.",
    }),
    conversions: z.array(EventName).min(1).optional().meta({
      description: 'The events that are conversions (default ["deal.won"]); their `amount` is the revenue.',
    }),
    lookback: z.optional(Duration).meta({
      description: 'Touches this long before a conversion share its credit (default "90d").',
    }),
    halfLife: z.optional(Duration).meta({ description: 'The time-decay model\'s half-life (default "7d").' }),
    milestones: z
      .tuple([StageName, StageName])
      .optional()
      .meta({ description: 'The w-shaped model\'s two milestone stages (default ["mql", "sql"]).' }),
  })
  .meta({ description: "Touchpoints and attribution: channels, conversions, lookback." });
export type AttributionSettings = z.infer<typeof AttributionSettings>;

export const AsanaSettings = z
  .strictObject({
    // An SST secret (`npx sst secrets set ASANA_TOKEN …`): its name is also the environment variable
    // the functions read it from (stacks/runtime/secret-env.ts), so it is an identifier.
    tokenSecret: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, "a secret's name is letters, digits and _, e.g. ASANA_TOKEN")
      .meta({
        description: "Name of the SST secret that holds the Asana personal access token (e.g. ASANA_TOKEN).",
      }),
    project: z
      .string()
      .regex(/^\d{1,30}$/, "an Asana project id is its number (the gid in the project's URL)"),
    assignees: z
      .record(OwnerId, z.email())
      .default({})
      .meta({ description: "Owner id → the Asana user's email, who is given the owner's tasks." }),
  })
  .meta({
    description: "Rep tasks are also created in this Asana project; completing one there completes it here.",
  });
export type AsanaSettings = z.infer<typeof AsanaSettings>;

/** Why `url` cannot receive webhooks, or undefined: their signed events go over https only (http on this machine). */
export function webhookUrlProblem(url: string): string | undefined {
  return httpsUrlProblem(url, {
    why: "webhook events carry contacts' data, so they go over https only",
    example: "https://crm.acme.example/handoff-webhooks",
  });
}

export const WebhookSettings = z.strictObject({
  url: z
    .url({ protocol: /^https?$/ })
    .check((ctx) => {
      // Not web addresses and other schemes are the format check's to report.
      const problem = /^http:/i.test(ctx.value) ? webhookUrlProblem(ctx.value) : undefined;
      if (problem) custom(ctx, "invalid-value", problem);
    })
    .meta({ description: "The receiver: https (http only on localhost, for local development)." }),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
  secret: z
    .string()
    .min(1)
    .meta({ description: "Name of the secret that holds the signing key (x-handoff-signature: t=…,v1=…)." }),
});
export type WebhookSettings = z.infer<typeof WebhookSettings>;
