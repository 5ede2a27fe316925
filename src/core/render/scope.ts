/**
 * The Liquid scope of one email: exactly the merge fields of the campaign language (contact.*,
 * owner.*, campaign.id, campaign.name, settings.organization, settings.postalAddress, unsubscribeUrl).
 * Fields a contact or owner lacks are left out, so they render as nothing.
 */
import type { Owner, Settings } from "../language";
import { CONTACT_FIELDS } from "../language/vocabulary";
import type { Contact } from "../model";

export interface RenderScope {
  contact: Record<string, unknown>;
  owner: Record<string, unknown>;
  campaign: { id: string; name: string };
  settings: { organization: string; postalAddress: string };
  unsubscribeUrl: string;
}

const OWNER_FIELDS = ["id", "name", "email", "slackUser", "timezone"];

function pick(source: object | undefined, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!source) return out;
  for (const field of fields) {
    const value = (source as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out;
}

export function renderScope(
  input: { contact: Contact; owner?: Owner; workflow: { id: string; name: string }; unsubscribeUrl: string },
  settings: Pick<Settings, "organization" | "postalAddress">,
): RenderScope {
  const attributes = input.contact.attributes;
  return {
    contact: {
      ...pick(input.contact, CONTACT_FIELDS),
      attributes: attributes && typeof attributes === "object" ? attributes : {},
    },
    owner: pick(input.owner, OWNER_FIELDS),
    campaign: { id: input.workflow.id, name: input.workflow.name },
    settings: { organization: settings.organization, postalAddress: settings.postalAddress },
    unsubscribeUrl: input.unsubscribeUrl,
  };
}
