/**
 * Website visitors (docs/website-tracking.md): a browser the tracking script knows by its visitor
 * id (the `hnd_vid` cookie) before it is a contact. Its events are kept raw under its visitor key,
 * with no rules and no counting (ingestEvent erases the events of a contact it does not know);
 * identify links the visitor to a contact and re-ingests them into it.
 *
 * Invariants: a visitor's key (`visitor#<id>`) and link key (`visitor-link#<id>`) hold a `#`, which
 * no contact id may (src/core/language/contact.ts), so they never meet a contact's partition. The
 * visitor's contact is the newest `visitor.identified` event of its link key. A re-ingested event
 * keeps its id and time, so a merge that is cut short and run again stores each event once.
 */
import { createHash } from "node:crypto";
import type { ContactInput } from "../language";
import { CONTACT_FIELDS, type ContactField } from "../language/vocabulary";
import type { Contact, EngagementEvent } from "../model";
import type { EngineDeps } from "./deps";
import { upsertContact } from "./enroll-contact";
import { type IngestResult, ingestEvent } from "./ingest";

/** The contact fields a page may never set: who owns the contact, where it stands, which it is. */
const NOT_FROM_PAGES = ["id", "owner", "account", "stage"] as const;
type VisitorField = Exclude<ContactField, (typeof NOT_FROM_PAGES)[number]>;

/** What identify may set on a contact: who the visitor is (the contact's fields but those above). */
export const VISITOR_PROFILE_FIELDS = CONTACT_FIELDS.filter(
  (field): field is VisitorField => !(NOT_FROM_PAGES as readonly string[]).includes(field),
);
export type VisitorProfile = Pick<ContactInput, VisitorField>;

/** Where a visitor's raw events are kept until it is identified. */
export const visitorKey = (visitorId: string) => `visitor#${visitorId}`;
const linkKey = (visitorId: string) => `visitor-link#${visitorId}`;
const LINK_EVENT = "visitor.identified";

/** A visitor's event: an engagement event whose contact is the visitor's (or its raw key). */
export type VisitorEvent = Omit<EngagementEvent, "contactId">;

/** The contact a visitor was identified as, if any. */
export async function visitorContact(deps: EngineDeps, visitorId: string): Promise<string | undefined> {
  const [link] = await deps.store.listEvents(linkKey(visitorId), undefined, 1);
  const contactId = link?.properties.contactId;
  return typeof contactId === "string" ? contactId : undefined;
}

export interface VisitorEventOutcome {
  /** The contact the event went to; absent when it was kept raw under the visitor key. */
  contactId?: string;
  duplicate: boolean;
}

/**
 * An event of a visitor: ingested into its contact once identified, else kept raw under its key.
 * An identify may run meanwhile: it links first, then merges what it lists, then drops the raw
 * events; so after keeping one raw, the link is read again, and if it is there now this event is
 * ingested here (the merge may have listed before it was kept, and the drop may take it). Either way
 * it reaches the contact, once (ingestEvent stores an id once).
 */
export async function recordVisitorEvent(
  deps: EngineDeps,
  visitorId: string,
  event: VisitorEvent,
): Promise<VisitorEventOutcome> {
  const linked = await visitorContact(deps, visitorId);
  if (linked) return intoContact(deps, linked, event);
  const stored = await deps.store.recordEvent({ ...event, contactId: visitorKey(visitorId) });
  const linkedMeanwhile = await visitorContact(deps, visitorId);
  if (!linkedMeanwhile) return { duplicate: !stored };
  const outcome = await intoContact(deps, linkedMeanwhile, event);
  await deps.store.eraseContact(visitorKey(visitorId), { at: event.at });
  return outcome;
}

async function intoContact(deps: EngineDeps, contactId: string, event: VisitorEvent) {
  const outcome: IngestResult = await ingestEvent(deps, { ...event, contactId });
  return { contactId, duplicate: outcome.duplicate };
}

/** The id a contact made by identify gets: from its address, so a retried identify makes the same one. */
export function visitorContactId(email: string): string {
  return `web-${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 24)}`;
}

/** The contact with the address (given the profile's missing fields), or a new one made from the profile. */
async function contactFor(deps: EngineDeps, profile: VisitorProfile): Promise<Contact> {
  const known = await deps.store.findContactByEmail(profile.email);
  if (!known) return upsertContact(deps, { ...profile, id: visitorContactId(profile.email) });
  // A page may name who it is, never rename a contact someone already knows.
  const missing = Object.fromEntries(
    VISITOR_PROFILE_FIELDS.filter((field) => known[field] === undefined && profile[field] !== undefined).map(
      (field) => [field, profile[field]],
    ),
  );
  if (Object.keys(missing).length > 0)
    await deps.store.updateContact(known.id, missing, deps.clock.now().toISOString());
  return known;
}

export interface IdentifyOutcome {
  contactId: string;
  /** How many of the visitor's raw events moved to the contact. */
  merged: number;
}

/**
 * Identifies a visitor as the contact with the profile's address (made when there is none): links
 * the visitor first (its later events go to the contact), then re-ingests its raw events into the
 * contact with ingestEvent (so history, touches and score move), then drops them.
 */
export async function identifyVisitor(
  deps: EngineDeps,
  visitorId: string,
  profile: VisitorProfile,
): Promise<IdentifyOutcome> {
  const contact = await contactFor(deps, profile);
  const at = deps.clock.now().toISOString();
  if ((await visitorContact(deps, visitorId)) !== contact.id)
    await deps.store.recordEvent({
      id: `link:${contact.id}`,
      contactId: linkKey(visitorId),
      name: LINK_EVENT,
      at,
      properties: { contactId: contact.id },
    });
  // Every raw event is merged here or by its own writer (recordVisitorEvent), so all may be dropped.
  const raw = await deps.store.listEvents(visitorKey(visitorId));
  for (const event of raw) await ingestEvent(deps, { ...event, contactId: contact.id });
  if (raw.length > 0) await deps.store.eraseContact(visitorKey(visitorId), { at });
  return { contactId: contact.id, merged: raw.length };
}
