/**
 * The links of a smoke contact's latest email (GET /smoke/contacts/{id}, `handoff smoke`), minted
 * as the email minted them (src/core/engine/links.ts: the same contact, enrollment and step, the
 * ledger entry's link tags, the same reply payload), so the click redirect, the one-click
 * unsubscribe and the reply address answer as they do for the email. Only for addresses of SES's
 * mailbox simulator (src/core/smoke.ts): an API key cannot mint a real person's links.
 */
import { isSmokeAddress } from "../smoke";
import type { EngineDeps } from "./deps";
import { NO_EVENTS } from "./event-window";
import {
  clickUrl,
  type LinkContext,
  replyAddress,
  replyPayload,
  sentNewestFirst,
  unsubscribeUrl,
} from "./links";

export interface SmokeLinks {
  contactId: string;
  email: string;
  /** The workflow and step of the email the links are of. */
  workflow: string;
  step: string;
  unsubscribeUrl: string;
  /** One tracked link per link tag of the email (`link` is the tag). */
  clicks: Array<{ link: string; url: string }>;
  /** The email's reply address; null when the stage takes no replies (no reply domain). */
  replyAddress: string | null;
}

/** Why there are no smoke links: no such contact, not a smoke address, or no email sent yet. */
export const SMOKE_LINKS_MISSING = ["unknown-contact", "not-a-smoke-contact", "no-email-yet"] as const;
export type SmokeLinksMissing = (typeof SMOKE_LINKS_MISSING)[number];

export type SmokeLinksResult = { found: SmokeLinks } | { missing: SmokeLinksMissing };

/** The links of the latest email SES accepted for `contactId` (by sentAt), or why there are none. */
export async function smokeLinks(deps: EngineDeps, contactId: string): Promise<SmokeLinksResult> {
  const view = await deps.store.getContactView(contactId, NO_EVENTS);
  if (!view) return { missing: "unknown-contact" };
  if (!isSmokeAddress(view.contact.email)) return { missing: "not-a-smoke-contact" };
  const [latest] = sentNewestFirst(view.sends);
  if (!latest) return { missing: "no-email-yet" };
  const links: LinkContext = { contactId, enrollmentId: latest.enrollmentId, stepId: latest.stepId };
  return {
    found: {
      contactId,
      email: view.contact.email,
      workflow: latest.workflowId,
      step: latest.stepId,
      unsubscribeUrl: unsubscribeUrl(deps, links),
      clicks: Object.keys(latest.links ?? {}).map((tag) => ({ link: tag, url: clickUrl(deps, links, tag) })),
      replyAddress: replyAddress(deps, replyPayload(links).payload) ?? null,
    },
  };
}
