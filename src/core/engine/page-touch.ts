/**
 * The touch a page view carries (docs/website-tracking.md, "Touches"): where the visit came from,
 * as properties of the page.view event. The campaign's UTM parameters on the landing URL, else the
 * landing page's referrer; a page that is not the first of a visit is internal navigation, no touch.
 */
import { sourceChannel } from "../attribution/channels";

/** Where a referrer sends a visitor from, by the referrer's host. */
export type ReferrerChannel = "organic-search" | "organic-social" | "referral" | "direct";

/** A URL's lower-case host without `www.`; undefined for none or one that does not parse. */
export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.startsWith("www.") ? host.slice(4) : host || undefined;
  } catch {
    return undefined;
  }
}

/** The channel of a visit that came from `referrer`: search engine, social site, another site, or none. */
export function referrerChannel(referrer: string | undefined): ReferrerChannel {
  const host = hostOf(referrer);
  if (!host) return "direct";
  // The search engines and social sites are the attribution's (src/core/attribution/channels.ts).
  const known = sourceChannel(host);
  return known === "organic-search" || known === "organic-social" ? known : "referral";
}

/** The page view a script reports: its URL, the document's referrer, and whether it begins a visit. */
export interface PageSeen {
  url: string;
  referrer?: string | undefined;
  /** True for the first page of a visit (the script says so once per browser session). */
  landing?: boolean | undefined;
}

const UTM: ReadonlyArray<[param: string, property: string]> = [
  ["utm_source", "source"],
  ["utm_medium", "medium"],
  ["utm_campaign", "campaign"],
];

/**
 * The touch properties of a page view (none for internal navigation): on a landing page, the URL's
 * `utm_source`/`utm_medium`/`utm_campaign` as `source`/`medium`/`campaign`; without them, the
 * referrer's `channel` (and its host as `source`), or `channel: "direct"` when there is none. A
 * referrer on the page's own host is internal navigation.
 */
export function pageTouch(page: PageSeen): Record<string, string> {
  if (!page.landing) return {};
  let params: URLSearchParams;
  try {
    params = new URL(page.url).searchParams;
  } catch {
    return {};
  }
  const utm = UTM.flatMap(([param, property]) => {
    const value = params.get(param)?.trim().slice(0, 200);
    return value ? [[property, value] as const] : [];
  });
  if (utm.length > 0) return Object.fromEntries(utm);
  const from = hostOf(page.referrer);
  if (!from) return { channel: "direct" };
  if (from === hostOf(page.url)) return {};
  return { channel: referrerChannel(page.referrer), source: from };
}
