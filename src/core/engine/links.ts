import { createHash } from "node:crypto";
import { base32Decode, base32Encode } from "../base32";
import type { SendRecord } from "../model";
import { signShort, signToken } from "../tokens";
import type { EngineDeps } from "./deps";

/** Unsubscribe and click links stay valid for 400 days: old emails keep working. */
export const LINK_LIFETIME_SECONDS = 400 * 86400;

export interface LinkContext {
  contactId: string;
  enrollmentId: string;
  stepId: string;
}

function expiry(deps: EngineDeps): Date {
  return new Date(deps.clock.now().getTime() + LINK_LIFETIME_SECONDS * 1000);
}

function base(deps: EngineDeps): string {
  return deps.catalog.settings.links.baseUrl.replace(/\/+$/, "");
}

/** The one-click unsubscribe link of an email: GET shows a confirmation page, POST unsubscribes. */
export function unsubscribeUrl(deps: EngineDeps, ctx: LinkContext): string {
  const token = signToken(
    deps.tokens,
    "unsubscribe",
    { c: ctx.contactId, e: ctx.enrollmentId, s: ctx.stepId },
    expiry(deps),
  );
  return `${base(deps)}/u/${token}`;
}

/** A tracked link: the redirect looks the target up in the send ledger by tag, never from the URL. */
export function clickUrl(deps: EngineDeps, ctx: LinkContext, tag: string): string {
  const token = signToken(
    deps.tokens,
    "click",
    { c: ctx.contactId, e: ctx.enrollmentId, s: ctx.stepId, l: tag },
    expiry(deps),
  );
  return `${base(deps)}/r/${token}`;
}

/** A contact id as [a-z2-7] text, for a reply address's payload. */
export function base32(text: string): string {
  return base32Encode(Buffer.from(text, "utf8"));
}

export function fromBase32(text: string): string | undefined {
  const bytes = base32Decode(text);
  return bytes && Buffer.from(bytes).toString("utf8");
}

/** The longest payload that keeps reply+<token> within an email local part (64 characters). */
const REPLY_PAYLOAD_MAX = 31;

/**
 * A reply address's payload: `c<base32 contact id>` when it fits (a reply is then matched to the
 * contact's latest email, and nothing is stored), else `k<key>` of a stored pointer to the email.
 */
export function replyPayload(ctx: LinkContext): { payload: string; stored: boolean } {
  const inline = `c${base32(ctx.contactId)}`;
  if (inline.length <= REPLY_PAYLOAD_MAX) return { payload: inline, stored: false };
  const digest = createHash("sha256")
    .update(`${ctx.contactId}\u0000${ctx.enrollmentId}\u0000${ctx.stepId}`)
    .digest();
  return {
    payload: `k${BigInt(`0x${digest.subarray(0, 12).toString("hex")}`)
      .toString(36)
      .padStart(19, "0")
      .slice(0, 19)}`,
    stored: true,
  };
}

/** reply+<signed short token>@<reply domain>: inbound mail is matched to the email by the token. */
export function replyAddress(deps: EngineDeps, payload: string): string | undefined {
  if (!deps.replyDomain) return undefined;
  return `reply+${signShort(deps.tokens, "reply", payload, expiry(deps))}@${deps.replyDomain}`;
}

/** The emails SES accepted (status sent), newest first: what a reply or a smoke link belongs to. */
export function sentNewestFirst(sends: readonly SendRecord[]): SendRecord[] {
  return sends
    .filter((send) => send.status === "sent" && send.sentAt !== undefined)
    .sort((a, b) => (a.sentAt! < b.sentAt! ? 1 : a.sentAt! > b.sentAt! ? -1 : 0));
}
