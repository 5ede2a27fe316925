import type { EngagementEvent, SuppressionReason } from "../model";
import type { EngineDeps } from "./deps";
import { applyRules } from "./rules";

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

/**
 * Every event comes in here: store it once, suppress on bounce, complaint or unsubscribe, then run
 * the rules engine (rescore and promote, interrupts and awaited events, enrollWhen).
 */
export async function ingestEvent(deps: EngineDeps, event: EngagementEvent): Promise<IngestResult> {
  // A duplicate is stored and scored once, but its rules run again: the first delivery may have
  // died after storing it (a throttled write, a timeout), and an unsubscribe must never be lost
  // that way. Every rule is idempotent; only re-enrollable campaigns are left alone.
  const duplicate = !(await deps.store.recordEvent(event));
  const view = await deps.store.getContactView(event.contactId);
  if (!view) {
    // A late event of an erased (or never known) contact: what was just stored goes again, so
    // erasure is not undone by an open or a click that arrives afterwards.
    if (!duplicate) await deps.store.eraseContact(event.contactId, { at: event.at });
    return { duplicate, interrupted: [], resumed: [], enrolled: [] };
  }
  const contact = view.contact;
  const reason = SUPPRESSING[event.name];
  if (reason) {
    await deps.store.suppress({
      email: contact.email,
      contactId: contact.id,
      reason,
      at: event.at,
      detail: String(event.properties.detail ?? event.name),
    });
    await deps.store.updateContact(contact.id, { suppressed: reason }, event.at);
    contact.suppressed = reason;
    if (reason === "unsubscribed") {
      contact.consent = { status: "unsubscribed", at: event.at, source: event.name };
      await deps.store.setConsent(contact.id, contact.consent);
    }
  }
  const outcome = await applyRules(deps, view, { kind: "event", event, duplicate });
  return { duplicate, ...outcome };
}
