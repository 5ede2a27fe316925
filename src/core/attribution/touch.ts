/**
 * What attribution reads of an event (docs/campaign-language.md, "Touchpoints and attribution"):
 * a touch (an event with a channel, a medium or source, UTM parameters, or an email click) or a
 * conversion (an event settings.attribution.conversions names, with its `amount`).
 */
import { toSeconds } from "../language/duration-seconds";
import type { Settings } from "../language/settings";
import type { ChannelRule } from "../language/settings-alignment";
import { conversionEventsOf } from "../language/vocabulary";
import type { EngagementEvent } from "../model";
import { channelName, groupChannel } from "./channels";

/** What credit goes to when a conversion had no touch (channel and campaign alike). */
export const NONE = "(none)";
const DAY = 86_400;

export interface Touch {
  id: string;
  at: string;
  channel: string;
  /** The campaign, `(none)` when the touch names none. */
  campaign: string;
  source?: string;
  medium?: string;
}

export interface Conversion {
  id: string;
  at: string;
  /** The `amount` property (a number), else 1. */
  amount: number;
}

/** settings.attribution with its defaults filled in, durations in seconds. */
export interface AttributionConfig {
  conversions: ReadonlySet<string>;
  lookbackSeconds: number;
  halfLifeSeconds: number;
  milestones: readonly [string, string];
  channels: readonly ChannelRule[];
}

const configs = new WeakMap<object, AttributionConfig>();

export function attributionConfig(settings: Pick<Settings, "attribution">): AttributionConfig {
  const known = configs.get(settings);
  if (known) return known;
  const attribution = settings.attribution;
  const config: AttributionConfig = {
    conversions: new Set(conversionEventsOf(settings)),
    lookbackSeconds: attribution?.lookback ? toSeconds(attribution.lookback) : 90 * DAY,
    halfLifeSeconds: attribution?.halfLife ? toSeconds(attribution.halfLife) : 7 * DAY,
    milestones: attribution?.milestones ?? ["mql", "sql"],
    channels: attribution?.channels ?? [],
  };
  configs.set(settings, config);
  return config;
}

/** The touch properties and the UTM parameters that stand for them. */
const UTM = { source: "utm_source", medium: "utm_medium", campaign: "utm_campaign" } as const;
/** Longest source, medium or campaign kept (they become counter names). */
const MAX_LENGTH = 200;

function text(value: unknown): string | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const trimmed = String(value).trim().slice(0, MAX_LENGTH);
  return trimmed === "" ? undefined : trimmed;
}

/** Handoff's own events that may carry a `source` but are no touch (email.unsubscribe's door…). */
const OWN_EVENTS = /^(?:email|task|lead|stage)\./;

/** The touch an event is, or undefined: `config` says which events are conversions (never touches). */
export function touchOf(event: EngagementEvent, config: AttributionConfig): Touch | undefined {
  const { id, at, properties } = event;
  if (event.name === "email.click") return { id, at, channel: "email", campaign: event.workflowId ?? NONE };
  if (OWN_EVENTS.test(event.name) || config.conversions.has(event.name)) return undefined;
  const channel = text(properties.channel);
  const source = text(properties.source) ?? text(properties[UTM.source]);
  const medium = text(properties.medium) ?? text(properties[UTM.medium]);
  const utmCampaign = text(properties[UTM.campaign]);
  if (channel === undefined && source === undefined && medium === undefined && utmCampaign === undefined)
    return undefined;
  return {
    id,
    at,
    channel: channelName(channel ?? groupChannel(config.channels, { medium, source })),
    campaign: text(properties.campaign) ?? utmCampaign ?? NONE,
    ...(source !== undefined ? { source } : {}),
    ...(medium !== undefined ? { medium } : {}),
  };
}

/** A conversion's amount (its revenue): its `amount` property when a number, else 1. */
export function conversionAmount(event: Pick<EngagementEvent, "properties">): number {
  const amount = event.properties.amount;
  return typeof amount === "number" && Number.isFinite(amount) ? amount : 1;
}

/** The conversion an event is, or undefined. */
export function conversionOf(event: EngagementEvent, config: AttributionConfig): Conversion | undefined {
  if (!config.conversions.has(event.name)) return undefined;
  return { id: event.id, at: event.at, amount: conversionAmount(event) };
}

/**
 * A touch as ingest stores it: UTM parameters renamed to source, medium and campaign, and the
 * channel filled in. Deterministic (the same settings store the same properties on a redelivery);
 * any other event, and an email click, is returned as it is.
 */
export function normalizeTouch(event: EngagementEvent, config: AttributionConfig): EngagementEvent {
  if (event.name === "email.click") return event;
  const touch = touchOf(event, config);
  if (!touch) return event;
  const properties = { ...event.properties };
  for (const key of Object.values(UTM)) delete properties[key];
  properties.channel = touch.channel;
  if (touch.source !== undefined) properties.source = touch.source;
  if (touch.medium !== undefined) properties.medium = touch.medium;
  if (touch.campaign !== NONE) properties.campaign = touch.campaign;
  return { ...event, properties };
}

/** Late events (an SES event delayed for hours) still credited exactly when this much later. */
export const LATE_EVENT_MARGIN_SECONDS = 7 * DAY;

/**
 * How far back ingest must read a contact's events for attribution: the lookback, plus the
 * margin, so a touch's fact sees every conversion it shares credit with, and their touches.
 */
export function attributionHorizonSeconds(settings: Pick<Settings, "attribution">): number {
  return attributionConfig(settings).lookbackSeconds + LATE_EVENT_MARGIN_SECONDS;
}
