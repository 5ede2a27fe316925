/**
 * How a touch gets its channel (docs/campaign-language.md, "Touchpoints and attribution"): its own
 * `channel` property, else the first matching rule of settings.attribution.channels, else the
 * default grouping below (by medium, then by a well-known source), else `direct`.
 */
import type { ChannelRule } from "../language/settings-alignment";

/** Channel names: lowercase letters, digits, `_`, `-`, `.` (counter names rely on it: no `>`). */
export function channelName(value: string): string {
  const name = value
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return name || DIRECT;
}

export const DIRECT = "direct";
export const ORGANIC_SEARCH = "organic-search";
export const ORGANIC_SOCIAL = "organic-social";

/** The default grouping by medium (compared lowercase). */
export const MEDIUM_CHANNELS: Readonly<Record<string, string>> = {
  cpc: "paid-search",
  ppc: "paid-search",
  "paid-search": "paid-search",
  paidsearch: "paid-search",
  "paid-social": "paid-social",
  "social-paid": "paid-social",
  paidsocial: "paid-social",
  social: ORGANIC_SOCIAL,
  email: "email",
  newsletter: "email",
  display: "display",
  banner: "display",
  cpm: "display",
  affiliate: "affiliate",
  referral: "referral",
  organic: ORGANIC_SEARCH,
};

/** Search engines a source (a name or a host) may name, with no medium: organic-search. */
export const SEARCH_ENGINES: readonly string[] = [
  "google",
  "bing",
  "yahoo",
  "duckduckgo",
  "baidu",
  "yandex",
  "ecosia",
  "qwant",
  "startpage",
  "naver",
  "seznam",
  "search.brave.com",
  "kagi.com",
];

/** Social sites a source (a name or a host) may name, with no medium: organic-social. */
export const SOCIAL_SITES: readonly string[] = [
  "facebook",
  "instagram",
  "linkedin",
  "lnkd.in",
  "twitter",
  "x.com",
  "t.co",
  "reddit",
  "youtube",
  "pinterest",
  "tiktok",
  "mastodon.social",
  "threads.net",
  "fb.com",
  "bsky.app",
];

/**
 * Whether a source names a site of the list: `google` names itself and any host with a `google`
 * label (www.google.com, google.co.uk); a dotted entry (`t.co`) the host and its subdomains.
 */
function namesOneOf(source: string, sites: readonly string[]): boolean {
  const host = source.toLowerCase().replace(/^www\./, "");
  const labels = host.split(".");
  return sites.some((site) =>
    site.includes(".") ? host === site || host.endsWith(`.${site}`) : labels.includes(site),
  );
}

/** The channel of a well-known source with no medium (a search engine, a social site), if any. */
export function sourceChannel(source: string): string | undefined {
  if (namesOneOf(source, SEARCH_ENGINES)) return ORGANIC_SEARCH;
  if (namesOneOf(source, SOCIAL_SITES)) return ORGANIC_SOCIAL;
  return undefined;
}

const listed = (list: readonly string[] | undefined, value: string | undefined) =>
  list === undefined ||
  (value !== undefined && list.some((item) => item.toLowerCase() === value.toLowerCase()));

/** The first rule whose lists hold the touch's medium and source (a rule without lists matches all). */
function ruleChannel(
  rules: readonly ChannelRule[],
  medium: string | undefined,
  source: string | undefined,
): string | undefined {
  return rules.find((rule) => listed(rule.medium, medium) && listed(rule.source, source))?.channel;
}

/** The channel of a touch that names none: the settings' rules, the default grouping, else direct. */
export function groupChannel(
  rules: readonly ChannelRule[],
  touch: { medium?: string | undefined; source?: string | undefined },
): string {
  const { medium, source } = touch;
  const byRule = ruleChannel(rules, medium, source);
  if (byRule) return byRule;
  if (medium !== undefined) {
    const byMedium = MEDIUM_CHANNELS[medium.trim().toLowerCase()];
    if (byMedium) return byMedium;
  }
  if (medium === undefined && source !== undefined) return sourceChannel(source) ?? DIRECT;
  return DIRECT;
}
