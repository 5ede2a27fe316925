import type { Settings } from "../src/core/language";

/** Where a stage's emails link to (unsubscribe, clicks, replies) and the domain its API answers on. */
export interface StageLinks {
  /** Without trailing slashes; what the functions get as HANDOFF_LINKS_BASE_URL. */
  baseUrl: string;
  domain: string;
  certificateArn?: string;
}

/**
 * The stage's links: its own linksBaseUrl (stacks/stages.ts), else settings.links.baseUrl. https:
 * the validator lets http://localhost through for the local runtime; no deployed stage links there.
 */
export function stageLinks(
  stage: string,
  settings: Settings,
  overrides: { linksBaseUrl?: string; linksCertificateArn?: string },
): StageLinks {
  const [origin, url] = overrides.linksBaseUrl
    ? [`stage ${stage}: linksBaseUrl`, overrides.linksBaseUrl]
    : ["settings.links.baseUrl", settings.links.baseUrl];
  if (!URL.canParse(url)) throw new Error(`${origin} "${url}" is not a web address`);
  if (new URL(url).protocol !== "https:")
    throw new Error(`${origin} "${url}" is for local development: a deployed stage needs https`);
  const baseUrl = url.replace(/\/+$/, "");
  return {
    baseUrl,
    domain: new URL(baseUrl).hostname,
    ...(overrides.linksCertificateArn ? { certificateArn: overrides.linksCertificateArn } : {}),
  };
}
