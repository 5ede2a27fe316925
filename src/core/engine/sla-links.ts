/**
 * The "Accept or reject" link of a handoff's Slack message: a signed token naming the contact, the
 * owner and the accept task, valid for LEAD_LINK_LIFETIME_SECONDS, behind `GET /l/{token}` (a page
 * with two buttons) and `POST /l/{token}` (src/adapters/http/lead-page.ts).
 */
import type { RepTask } from "../model";
import { signToken, verifyToken } from "../tokens";
import type { EngineDeps } from "./deps";

/** A week: long enough to answer a lead, short enough that an old message cannot answer a new one. */
export const LEAD_LINK_LIFETIME_SECONDS = 7 * 86400;
const PURPOSE = "lead";

export function leadAnswerUrl(deps: EngineDeps, task: RepTask): string {
  const expiresAt = new Date(deps.clock.now().getTime() + LEAD_LINK_LIFETIME_SECONDS * 1000);
  const token = signToken(
    deps.tokens,
    PURPOSE,
    { c: task.contactId, o: task.owner ?? "", t: task.id },
    expiresAt,
  );
  return `${deps.catalog.settings.links.baseUrl.replace(/\/+$/, "")}/l/${token}`;
}

export type LeadTokenCheck =
  | { ok: true; contactId: string; owner: string; taskId: string }
  | { ok: false; reason: string };

/** Reads a lead link's token: forged, expired or unknown-key tokens are refused. */
export function checkLeadToken(deps: EngineDeps, token: string): LeadTokenCheck {
  const verified = verifyToken(deps.tokens, PURPOSE, token, deps.clock.now());
  if (!verified.ok) return { ok: false, reason: verified.reason };
  const { c, o, t } = verified.payload as { c?: unknown; o?: unknown; t?: unknown };
  if (typeof c !== "string" || typeof o !== "string" || typeof t !== "string")
    return { ok: false, reason: "malformed" };
  return { ok: true, contactId: c, owner: o, taskId: t };
}
