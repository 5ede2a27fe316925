/** Touches, conversions and attribution: src/core/attribution/*.ts. */
export { channelName, groupChannel, SEARCH_ENGINES, SOCIAL_SITES, sourceChannel } from "./channels";
export { contactElements, countAttribution, elementOf } from "./counting";
export { attributionCounts } from "./credits";
export { CREDITED_MODELS, type CreditedModel, creditShares } from "./models";
export {
  type AttributionConfig,
  attributionConfig,
  type Conversion,
  conversionOf,
  NONE,
  normalizeTouch,
  type Touch,
  touchOf,
} from "./touch";
