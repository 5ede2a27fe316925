// What the stacks tell a function through its environment (stacks/lambda-functions.ts), read and
// checked: a missing or malformed value fails the cold start, naming the variable.
import { readFileSync } from "node:fs";
import { type LoadedCatalog, loadCatalog } from "../src/core/catalog";
import { SES_DEFAULT_SEND_RATE } from "../src/core/engine/pacing";
import { InvalidCatalogError } from "../src/core/errors";
import { linksBaseUrlProblem } from "../src/core/language/https-url";

export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function jsonEnv<T>(name: string): T {
  return JSON.parse(env(name)) as T;
}

/** The stage's send rate (stacks/config.ts sendRatePerSecond); SES's default without one. */
export function sendRate(): number {
  const text = process.env.HANDOFF_SEND_RATE;
  if (text === undefined) return SES_DEFAULT_SEND_RATE;
  const rate = Number(text);
  if (!Number.isInteger(rate) || rate < 1)
    throw new Error(`HANDOFF_SEND_RATE is "${text}", not a whole number above 0`);
  return rate;
}

/** The stage's eventRetentionDays (stacks/config.ts), for the store; the store's default without one. */
export function eventRetentionDays(): { eventRetentionDays?: number } {
  const days = process.env.HANDOFF_EVENT_RETENTION_DAYS;
  return days ? { eventRetentionDays: Number(days) } : {};
}

/**
 * The catalog built with the bundle (HANDOFF_CATALOG, the catalog.json stacks/catalog-bundle.ts
 * writes next to the handler), with the stage's links base URL: a stage that serves its links from
 * another domain than settings.links.baseUrl (HANDOFF_LINKS_BASE_URL, from the stage's linksBaseUrl
 * in stacks/stages.ts) links there, so its emails never link to production. Same rule as
 * settings.links.baseUrl: https.
 */
export function bundledCatalog(): LoadedCatalog {
  const file = env("HANDOFF_CATALOG");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new InvalidCatalogError(
      `${file} cannot be read (${(error as Error).message}): the stacks bundle catalog.json with every function (stacks/catalog-bundle.ts)`,
    );
  }
  const loaded = loadCatalog(text, file);
  const linksBaseUrl = process.env.HANDOFF_LINKS_BASE_URL;
  if (!linksBaseUrl) return loaded;
  const problem = linksBaseUrlProblem(linksBaseUrl);
  if (problem) throw new Error(`HANDOFF_LINKS_BASE_URL ${problem}`);
  const settings = loaded.catalog.settings;
  loaded.catalog.settings = { ...settings, links: { ...settings.links, baseUrl: linksBaseUrl } };
  return loaded;
}
