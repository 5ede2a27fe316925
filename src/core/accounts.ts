/**
 * Accounts (campaign language, "Accounts"): which company a contact belongs to, and what an
 * account's row says about its contacts. Pure: the engine (src/core/engine/accounts.ts) keeps the
 * rows up to date, the stores keep them (src/core/contact-store/accounts.ts).
 */
import type { Settings } from "./language";
import type { AccountSummary } from "./reports/report-types";
import { SES_SIMULATOR_DOMAIN } from "./smoke";

/**
 * Domains people use for personal mail: an address there says nothing of an employer, so its
 * contact has no account unless it names one. settings.accounts.freeMailDomains adds to them.
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  SES_SIMULATOR_DOMAIN, // the smoke test's addresses (src/core/smoke.ts): no one's employer
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

/** What one contact adds to its account's row: the member record keeps the share applied. */
export interface AccountShare {
  /** The contact's cached score in hundredths (scores are rounded to 2 decimals: integer sums). */
  hundredths: number;
  engaged: boolean;
  /** stageKey of the contact's stage; absent for a stage scoring.json no longer lists. */
  stage?: string;
  owner?: string;
}

/** What one change of a contact's share adds to its account's row (negative to take away). */
export interface AccountDelta {
  hundredths: number;
  contacts: number;
  engagedContacts: number;
  /** stageKey → contacts added to that stage. */
  stages: Record<string, number>;
}

/** An account's row as stored: sums of its members' shares. */
export interface AccountRow {
  account: string;
  hundredths: number;
  contacts: number;
  engagedContacts: number;
  /** stageKey → its contacts in that stage (0 once they all left it). */
  stages: Record<string, number>;
  owner?: string;
}

/**
 * A stage as the row counts it: its position in scoring.json's stages (3 digits) then its name, so
 * the latest stage is the greatest key with contacts, whatever store holds the row.
 */
export function stageKey(stages: readonly string[], stage: string): string | undefined {
  const index = stages.indexOf(stage);
  return index === -1 ? undefined : `${String(index).padStart(3, "0")}:${stage}`;
}

/** The share of a contact with this cached score, stage and owner. */
export function shareOf(
  contact: { score?: number | undefined; stage: string; owner?: string | undefined },
  options: { stages: readonly string[]; engaged: number },
): AccountShare {
  const score = contact.score ?? 0;
  const stage = stageKey(options.stages, contact.stage);
  return {
    hundredths: Math.round(score * 100),
    engaged: score >= options.engaged,
    ...(stage !== undefined ? { stage } : {}),
    ...(contact.owner !== undefined ? { owner: contact.owner } : {}),
  };
}

/** True when both shares are the same (or both absent): nothing to change. */
export function sameShare(a: AccountShare | undefined, b: AccountShare | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.hundredths === b.hundredths && a.engaged === b.engaged && a.stage === b.stage && a.owner === b.owner
  );
}

/** What replacing share `from` (absent: the contact was not counted) by `to` (absent: it leaves) adds. */
export function deltaBetween(from: AccountShare | undefined, to: AccountShare | undefined): AccountDelta {
  const stages: Record<string, number> = {};
  if (from?.stage !== undefined) stages[from.stage] = -1;
  if (to?.stage !== undefined) stages[to.stage] = (stages[to.stage] ?? 0) + 1;
  for (const [key, count] of Object.entries(stages)) if (count === 0) delete stages[key];
  return {
    hundredths: (to?.hundredths ?? 0) - (from?.hundredths ?? 0),
    contacts: (to ? 1 : 0) - (from ? 1 : 0),
    engagedContacts: (to?.engaged ? 1 : 0) - (from?.engaged ? 1 : 0),
    stages,
  };
}

/** The report's view of a row: the score in points, the latest stage that has contacts. */
export function accountSummary(row: AccountRow): AccountSummary {
  const latest = Object.entries(row.stages)
    .filter(([, count]) => count > 0)
    .map(([key]) => key)
    .sort()
    .at(-1);
  const stage = latest?.slice(latest.indexOf(":") + 1);
  return {
    account: row.account,
    score: row.hundredths / 100,
    ...(stage !== undefined ? { stage } : {}),
    ...(row.owner !== undefined ? { owner: row.owner } : {}),
    contacts: row.contacts,
    engagedContacts: row.engagedContacts,
  };
}
