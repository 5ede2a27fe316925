import { createHash } from "node:crypto";
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

/** The short key of an email's reply address: [a-z0-9], derived from the email's identity. */
export function replyKeyOf(ctx: LinkContext): string {
  const digest = createHash("sha256")
    .update(`${ctx.contactId}\u0000${ctx.enrollmentId}\u0000${ctx.stepId}`)
    .digest();
  return BigInt(`0x${digest.subarray(0, 12).toString("hex")}`)
    .toString(36)
    .padStart(19, "0")
    .slice(0, 19);
}

/** reply+<signed short token>@<reply domain>: inbound mail is matched to the email by the token. */
export function replyAddress(deps: EngineDeps, key: string): string | undefined {
  if (!deps.replyDomain) return undefined;
  return `reply+${signShort(deps.tokens, "reply", key, expiry(deps))}@${deps.replyDomain}`;
}
