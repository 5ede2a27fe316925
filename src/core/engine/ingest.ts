import { attributionConfig, countAttribution, normalizeTouch } from "../attribution";
import {
  type EngagementEvent,
  type SuppressionReason,
  UNSUBSCRIBE_SOURCES,
  type UnsubscribeSource,
} from "../model";
import { countEndingsSince, countEngagement, countStageChangesSince } from "./count-facts";
import type { EngineDeps } from "./deps";
import { eventWindow } from "./event-window";
import { applyRules } from "./rules";
import { publishEventFacts } from "./webhook-events";

export interface IngestResult {
  duplicate: boolean;
  score?: number;
  stage?: string;
  interrupted: Array<{ enrollmentId: string; kind: string; signal: string }>;
  resumed: string[];
  enrolled: string[];
}

const SUPPRESSING: Record<string, SuppressionReason> = {
  "email.bounce": "bounced",
  "email.complaint": "complained",
  "email.unsubscribe": "unsubscribed",
};

/** The door an email.unsubscribe came by (its `source` property); the events API when it names none. */
function unsubscribeSource(event: EngagementEvent): UnsubscribeSource {
  const source = event.properties.source;
  return UNSUBSCRIBE_SOURCES.find((s) => s === source) ?? "api";
}

/**
 * Every event comes in here: store it once, suppress on bounce, complaint or unsubscribe, then run
 * the rules engine (rescore and promote, interrupts and awaited events, enrollWhen) over the
 * contact's events in the rules' window (bounded: see eventWindow).
 */
export async function ingestEvent(deps: EngineDeps, incoming: EngagementEvent): Promise<IngestResult> {
  const event = normalizeTouch(incoming, attributionConfig(deps.catalog.settings));
  // A duplicate is stored and scored once, but its rules run again: the first delivery may have
  // died after storing it (a throttled write, a timeout), and an unsubscribe must never be lost
  // that way. Every rule is idempotent; only re-enrollable campaigns are left alone.
  const duplicate = !(await deps.store.recordEvent(event));
  const view = await deps.store.getContactView(event.contactId, eventWindow(deps));
  if (!view) {
    // A late event of an erased (or never known) contact: what was just stored goes again, so
    // erasure is not undone by an open or a click that arrives afterwards.
    if (!duplicate) await deps.store.eraseContact(event.contactId, { at: event.at });
    return { duplicate, interrupted: [], resumed: [], enrolled: [] };
  }
  const contact = view.contact;
  // Counted on every delivery, duplicates too: the first may have died between storing and counting.
  // A duplicate counts as stored the first time (a retry may have matched it to another email).
  const stored = (duplicate && view.events.find((e) => e.id === event.id)) || event;
  await countEngagement(deps, stored);
  await publishEventFacts(deps, stored);
  await countAttribution(deps, view, stored);
  // A redelivery may follow an attempt that promoted the contact, or ended an enrollment, and died
  // before counting it, and more may have come since: every move and every ending from the event's
  // time on is counted (once each).
  if (duplicate) {
    await countStageChangesSince(deps, contact.id, stored.at);
    await countEndingsSince(deps, view.enrollments, stored.at);
  }
  const reason = SUPPRESSING[event.name];
  if (reason) {
    await deps.store.suppress({
      email: contact.email,
      contactId: contact.id,
      reason,
      at: event.at,
      detail: String(event.properties.detail ?? event.name),
    });
    contact.suppressed = reason;
    if (reason === "unsubscribed") {
      const withdrawal = { at: event.at, source: unsubscribeSource(event) };
      contact.consent = (await deps.store.withdrawConsent(contact.id, withdrawal)) ?? contact.consent;
    }
  }
  const outcome = await applyRules(deps, view, { kind: "event", event, duplicate });
  // Written last: a contact showing `suppressed` has had every step above done (withdraw() relies on it).
  if (reason) await deps.store.updateContact(contact.id, { suppressed: reason }, event.at);
  return { duplicate, ...outcome };
}
