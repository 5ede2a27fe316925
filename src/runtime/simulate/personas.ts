import type { TouchName } from "./channels";

/**
 * How a kind of prospect behaves with each email: chances per email received. The numbers follow
 * published B2B SaaS benchmarks (opens 20–40%, clicks 2–5%, replies to 1:1 sales emails 3–8%) and
 * spread them over personas, so a funnel looks like a real one.
 */
export interface Persona {
  name: string;
  /** Share of prospects (the weights add up to 100). */
  weight: number;
  open: number;
  /** Chance of a click, given an open. */
  click: number;
  /** Chance that a click is on the pricing link, when the email has one. */
  pricing: number;
  /** Chance of a reply to a marketing email; sales emails (from the owner) get `salesReply`. */
  reply: number;
  salesReply: number;
  /** Chance of booking a meeting after replying to sales. */
  meeting: number;
  unsubscribe: number;
  /** Chance that the address bounces (decided once per contact, at the first send). */
  bounce: number;
  complaint: number;
  /** Chance that the product reports a pricing page view after an opened email. */
  pageView: number;
  /**
   * Chance, once when the prospect starts and again after each email it opens, that it does one of
   * the custom events the workflows listen to (picked by {@link EVENT_FREQUENCY}); also the chance
   * that it does what a `waitFor` step waits for (in time or a little late).
   */
  activity: number;
  /** How the prospect first comes to the website: each touch of channels.ts by weight. */
  arrives: Partial<Record<TouchName, number>>;
  /** How many more touches it makes over its journey (ads, searches, referrals, webinars): from, to. */
  returns: readonly [number, number];
  /** Chance of a won deal (a conversion with an amount) some days after a handoff or a booked meeting. */
  deal: number;
}

export const PERSONAS: readonly Persona[] = [
  {
    name: "champion",
    weight: 10,
    open: 0.75,
    click: 0.45,
    pricing: 0.3,
    reply: 0.05,
    salesReply: 0.3,
    meeting: 0.6,
    unsubscribe: 0.002,
    bounce: 0.005,
    complaint: 0,
    pageView: 0.35,
    activity: 0.6,
    arrives: {
      referral: 30,
      "organic-search": 25,
      direct: 15,
      "google-ads": 15,
      "review-site": 10,
      "linkedin-ads": 5,
    },
    returns: [1, 3],
    deal: 0.5,
  },
  {
    name: "evaluator",
    weight: 25,
    open: 0.5,
    click: 0.2,
    pricing: 0.1,
    reply: 0.01,
    salesReply: 0.12,
    meeting: 0.4,
    unsubscribe: 0.006,
    bounce: 0.01,
    complaint: 0.0005,
    pageView: 0.15,
    activity: 0.35,
    arrives: { "google-ads": 35, "organic-search": 25, "linkedin-ads": 15, "review-site": 10, direct: 15 },
    returns: [1, 2],
    deal: 0.3,
  },
  {
    name: "skimmer",
    weight: 35,
    open: 0.3,
    click: 0.06,
    pricing: 0.03,
    reply: 0.002,
    salesReply: 0.04,
    meeting: 0.2,
    unsubscribe: 0.012,
    bounce: 0.01,
    complaint: 0.001,
    pageView: 0.04,
    activity: 0.12,
    arrives: { "linkedin-ads": 35, "organic-social": 20, "google-ads": 20, "organic-search": 15, direct: 10 },
    returns: [0, 2],
    deal: 0.06,
  },
  {
    name: "ghost",
    weight: 25,
    open: 0.06,
    click: 0.02,
    pricing: 0,
    reply: 0,
    salesReply: 0.01,
    meeting: 0.1,
    unsubscribe: 0.02,
    bounce: 0.02,
    complaint: 0.002,
    pageView: 0,
    activity: 0.03,
    arrives: { "linkedin-ads": 40, "google-ads": 30, direct: 20, "organic-social": 10 },
    returns: [0, 1],
    deal: 0.02,
  },
  {
    name: "bad-data",
    weight: 5,
    open: 0,
    click: 0,
    pricing: 0,
    reply: 0,
    salesReply: 0,
    meeting: 0,
    unsubscribe: 0,
    bounce: 0.85,
    complaint: 0,
    pageView: 0,
    activity: 0,
    arrives: { "linkedin-ads": 60, "google-ads": 40 },
    returns: [0, 0],
    deal: 0,
  },
];

/** A rep completes a call task before it times out with this chance (else the sequence moves on). */
export const TASK_COMPLETION = 0.65;

/**
 * How often prospects do each custom event, relative to the others, when they do one: browsing and
 * using the product is common, asking for a demo rare, buying rarer. An event name not listed here
 * (a workspace's own) gets {@link OTHER_EVENT_FREQUENCY}. Events of one name with different
 * properties (page.view of /pricing, of /security) share the name's frequency.
 */
export const EVENT_FREQUENCY: Readonly<Record<string, number>> = {
  "page.view": 30,
  "dashboard.created": 12,
  "teammate.invited": 6,
  "form.submitted": 5,
  "webinar.registered": 5,
  "webinar.attended": 3,
  "demo.requested": 3,
  "meeting.booked": 2,
  "deal.created": 1.5,
  "subscription.started": 1,
  "deal.won": 1,
  "referral.sent": 0.2,
  "review.published": 0.2,
};
export const OTHER_EVENT_FREQUENCY = 3;
