/**
 * The ways prospects reach the website, as touches: a page view with the properties the website
 * reports for it (campaign language, "Touchpoints and attribution"). An ad's landing URL carries
 * UTM parameters (`source`, `medium`, `campaign`); a visit from another site names its `channel`
 * and the referring `source`; a visit with no referrer is `channel: "direct"`. Paths avoid the
 * pages the sample scoring rewards (/pricing, /security): a touch moves no score.
 */
import type { Scalar } from "../../core/language";

export const TOUCHES = {
  "google-ads": { path: "/", source: "google", medium: "cpc", campaign: "spring-launch" },
  "linkedin-ads": { path: "/product", source: "linkedin", medium: "paid-social", campaign: "spring-launch" },
  "organic-search": { path: "/blog/metrics-that-matter", channel: "organic-search", source: "google" },
  "organic-social": { path: "/blog/dashboards-people-read", channel: "organic-social", source: "linkedin" },
  referral: { path: "/customers", channel: "referral", source: "partner-blog.example" },
  "review-site": { path: "/", channel: "referral", source: "reviews.example" },
  direct: { path: "/", channel: "direct" },
  "retargeting-display": {
    path: "/product",
    source: "adnetwork",
    medium: "display",
    campaign: "retargeting",
  },
  "retargeting-social": {
    path: "/integrations",
    source: "linkedin",
    medium: "paid-social",
    campaign: "retargeting",
  },
  webinar: { path: "/webinars/weekly-metrics-review", channel: "webinar", campaign: "weekly-metrics-review" },
} as const satisfies Record<string, Record<string, Scalar>>;

export type TouchName = keyof typeof TOUCHES;

/** The event every touch is: a page view (its properties from {@link TOUCHES}). */
export const TOUCH_EVENT = "page.view";

/**
 * The touches that come after the first, over a prospect's journey, by how often (the same for
 * every persona; how many a prospect makes is its persona's `returns`): ads that follow a visitor
 * around, searches, a partner's article, a webinar, a return visit typed in.
 */
export const LATER_TOUCHES: ReadonlyArray<{ weight: number; value: TouchName }> = [
  { weight: 25, value: "retargeting-display" },
  { weight: 20, value: "retargeting-social" },
  { weight: 20, value: "organic-search" },
  { weight: 10, value: "referral" },
  { weight: 10, value: "webinar" },
  { weight: 15, value: "direct" },
];
