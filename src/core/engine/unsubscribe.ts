import { parseEnrollmentId } from "../enrollment-id";
import { verifyToken } from "../tokens";
import type { EngineDeps } from "./deps";
import { ingestEvent } from "./ingest";

export type UnsubscribeCheck =
  | { ok: true; contactId: string; enrollmentId: string; stepId: string }
  | { ok: false; reason: string };

/** Reads an unsubscribe link's token: forged, expired or unknown-key tokens are refused. */
export function checkUnsubscribeToken(deps: EngineDeps, token: string): UnsubscribeCheck {
  const verified = verifyToken(deps.tokens, "unsubscribe", token, deps.clock.now());
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const { c, e, s } = verified.payload as { c?: unknown; e?: unknown; s?: unknown };
  if (typeof c !== "string" || typeof e !== "string" || typeof s !== "string")
    return { ok: false, reason: "malformed" };
  return { ok: true, contactId: c, enrollmentId: e, stepId: s };
}

/**
 * One-click unsubscribe (RFC 8058): suppresses the address, withdraws consent, and ends every
 * active enrollment at once through the rules engine. Doing it twice changes nothing.
 */
export async function unsubscribe(
  deps: EngineDeps,
  token: string,
  source: "one-click" | "page",
): Promise<UnsubscribeCheck> {
  const check = checkUnsubscribeToken(deps, token);
  if (!check.ok) return check;
  const contact = await deps.store.getContact(check.contactId);
  if (!contact) return { ok: false, reason: "unknown contact" };
  const workflowId = parseEnrollmentId(check.enrollmentId)?.workflowId;
  await deps.store.setConsent(contact.id, {
    status: "unsubscribed",
    at: deps.clock.now().toISOString(),
    source,
  });
  await ingestEvent(deps, {
    id: `unsubscribe:${contact.id}`,
    contactId: contact.id,
    name: "email.unsubscribe",
    at: deps.clock.now().toISOString(),
    properties: { source, detail: `unsubscribed (${source})` },
    enrollmentId: check.enrollmentId,
    ...(workflowId ? { workflowId } : {}),
    stepId: check.stepId,
  });
  return check;
}
