/**
 * Accounts (campaign language, "Accounts"): which company a contact belongs to, and what an
 * account's row says about its contacts. Pure: the engine (src/core/engine/accounts.ts) keeps the
 * rows up to date, the stores keep them (src/core/contact-store/accounts.ts).
 */
import type { Settings } from "./language";
import type { AccountSummary } from "./reports/report-types";

/**
 * Domains people use for personal mail: an address there says nothing of an employer, so its
 * contact has no account unless it names one. settings.accounts.freeMailDomains adds to them.
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "ymail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "gmx.com",
  "gmx.net",
  "gmx.de",
  "web.de",
  "mail.com",
  "yandex.ru",
  "yandex.com",
  "mail.ru",
  "qq.com",
  "163.com",
  "126.com",
  "zoho.com",
  "fastmail.com",
  "hey.com",
  "tutanota.com",
];

/** A contact's engaged threshold when settings.accounts.engagedScore says none. */
export const DEFAULT_ENGAGED_SCORE = 10;

/** What of the settings accounts read: settings.accounts, optional. */
type WithAccounts = Pick<Settings, "accounts">;

/** A contact's score counts it as engaged from this score on. */
export function engagedScore(settings: WithAccounts): number {
  return settings.accounts?.engagedScore ?? DEFAULT_ENGAGED_SCORE;
}

/**
 * The contact's account: its own `account` field (trimmed, lower-cased) if given, else its email's
 * domain (lower-cased, as written: `mail.acme.example` stays its own account, since only a list of
 * public suffixes could tell which part names the company), unless that domain is a free-mail
 * domain, in which case it has none.
 */
export function accountOf(
  contact: { email: string; account?: string | undefined },
  settings: WithAccounts,
): string | undefined {
  const named = contact.account?.trim().toLowerCase();
  if (named) return named;
  const at = contact.email.lastIndexOf("@");
  const domain =
    at === -1
      ? ""
      : contact.email
          .slice(at + 1)
          .trim()
          .toLowerCase();
  if (!domain) return undefined;
  const free = [...FREE_MAIL_DOMAINS, ...(settings.accounts?.freeMailDomains ?? [])];
  return free.some((d) => d.toLowerCase() === domain) ? undefined : domain;
}

/** A contact as its account row counts it (src/core/contact-store/accounts.ts keeps one per contact). */
export interface AccountMember {
  account: string;
  contactId: string;
  /** The contact's cached score. */
  score: number;
  stage: string;
  owner?: string;
  /** When the member was first written with an owner (kept while it has one): the account's owner is the earliest. */
  ownedSince?: string;
  /** When the member was written: a write older than the stored one is ignored. */
  at: string;
}

/**
 * The row of an account from all of its members: the sum of their scores (summed in hundredths, as
 * scores are rounded to 2 decimals, so the sum has no float dust), the latest of their stages in
 * `stages` order, how many there are and how many have at least `engaged` points, and the owner of
 * the member that got one first (ties: the lowest contact id). The stored row keeps an owner once
 * it has one, so this owner only matters for an account without one.
 */
export function summarizeAccount(
  account: string,
  members: readonly AccountMember[],
  options: { stages: readonly string[]; engaged: number },
): AccountSummary {
  let hundredths = 0;
  let latest = -1;
  let engagedContacts = 0;
  for (const member of members) {
    hundredths += Math.round(member.score * 100);
    latest = Math.max(latest, options.stages.indexOf(member.stage));
    if (member.score >= options.engaged) engagedContacts++;
  }
  const owned = members
    .filter((m) => m.owner !== undefined)
    .sort((a, b) => compare(a.ownedSince ?? a.at, b.ownedSince ?? b.at) || compare(a.contactId, b.contactId));
  const stage = latest === -1 ? undefined : options.stages[latest];
  const owner = owned[0]?.owner;
  return {
    account,
    score: hundredths / 100,
    ...(stage !== undefined ? { stage } : {}),
    ...(owner !== undefined ? { owner } : {}),
    contacts: members.length,
    engagedContacts,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
