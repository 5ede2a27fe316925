/**
 * The language's word lists the engine reads at run time (contact fields, attribution models,
 * webhook events, who an account handoff enrolls, the conversions), free of zod so that a Lambda
 * handler reaches none of the language's schemas through them. The schemas (contact.ts, workflow.ts,
 * settings-alignment.ts) take their lists from here: each list is written once.
 */

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

/** Who of the account an account handoff enrolls in its `to` (src/core/engine/account-handoff.ts). */
export const ACCOUNT_ENROLLS = ["triggering", "engaged", "all"] as const;
export type AccountEnroll = (typeof ACCOUNT_ENROLLS)[number];

/** The attribution models (docs/campaign-language.md, "Touchpoints and attribution"), in the order reports list them. */
export const ATTRIBUTION_MODELS = [
  "first-touch",
  "last-touch",
  "last-non-direct",
  "linear",
  "time-decay",
  "u-shaped",
  "w-shaped",
  "data-driven",
] as const;
export type AttributionModel = (typeof ATTRIBUTION_MODELS)[number];

/** What Handoff tells a webhook (the webhooks page of docs/). */
export const WEBHOOK_EVENTS = [
  "handoff",
  "stage.changed",
  "lead.accepted",
  "lead.rejected",
  "task.created",
  "task.completed",
  "enrollment.ended",
  "contact.unsubscribed",
  "conversion",
] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** The conversions when settings.attribution names none. */
export const DEFAULT_CONVERSIONS: readonly string[] = ["deal.won"];

/** The event names that are conversions (settings.attribution.conversions, else deal.won). */
export function conversionEventsOf(settings: {
  attribution?: { conversions?: readonly string[] | undefined } | undefined;
}): readonly string[] {
  return settings.attribution?.conversions ?? DEFAULT_CONVERSIONS;
}
