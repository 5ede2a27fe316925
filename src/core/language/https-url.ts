/**
 * The https rule of the addresses Handoff trusts with something signed (settings.links.baseUrl,
 * HANDOFF_LINKS_BASE_URL, settings.webhooks[].url): https, and http only on this machine, for
 * local development and tests.
 */

/** Hosts that are this machine: the only ones an address may reach over http. */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** What an address is for, in the words of its problem messages. */
export interface HttpsPurpose {
  /** Why it needs https: `links in emails carry signed tokens, so they need https`. */
  why: string;
  /** An address to write instead of one that is not a web address. */
  example: string;
}

/** Why `url` breaks the rule, or undefined. */
export function httpsUrlProblem(url: string, purpose: HttpsPurpose): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a web address: write one like "${purpose.example}"`;
  }
  if (parsed.protocol === "https:") return undefined;
  if (parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  const secure =
    parsed.protocol === "http:" ? `https://${parsed.host}${parsed.pathname.replace(/\/$/, "")}` : "";
  return (
    `"${url}" does not use https: ${purpose.why}` +
    `${secure ? ` (write "${secure}")` : ""}; only http://localhost, http://127.0.0.1 and http://[::1] may use http, for local development`
  );
}

/**
 * Why `url` cannot serve the links in emails, or undefined: they carry signed tokens and lead to
 * the unsubscribe page, so they use https; http only on this machine, for local development
 * (the local runtime). One rule for settings.links.baseUrl and HANDOFF_LINKS_BASE_URL.
 */
export function linksBaseUrlProblem(url: string): string | undefined {
  return httpsUrlProblem(url, {
    why: "links in emails carry signed tokens, so they need https",
    example: "https://go.acme.example",
  });
}
