import type { HttpRequest } from "../../src/adapters/http/types";
import { signToken, type TokenPayload } from "../../src/core/tokens";
import type { SentWelcome, TestEngine } from "./engine";

// The links in an email Handoff sent: their signed tokens, and the requests clients make to them.

/** A request a mail client or a browser makes to a link in an email: no key, no body. */
export function linkRequest(method: string, path: string): HttpRequest {
  return { method, path, body: "", query: {}, headers: {} };
}

/** RFC 8058's one-click unsubscribe: the form POST a mail client makes to the unsubscribe link. */
export function oneClickUnsubscribe(token: string): HttpRequest {
  const form = { "content-type": "application/x-www-form-urlencoded" };
  return { ...linkRequest("POST", `/u/${token}`), headers: form, body: "List-Unsubscribe=One-Click" };
}

/** `payload` signed with `t`'s current key for `purpose`, good for a day from now. */
function signedForADay(t: TestEngine, purpose: string, payload: TokenPayload): string {
  return signToken(t.deps.tokens, purpose, payload, new Date(t.clock.now().getTime() + 86_400_000));
}

/** The token of the unsubscribe link in the email `sent` (its contact, enrollment and step). */
export function unsubscribeToken(t: TestEngine, sent: SentWelcome): string {
  return signedForADay(t, "unsubscribe", { c: sent.contactId, e: sent.enrollmentId, s: sent.stepId });
}

/** The token of the tracked link tagged `tag` in the email `sent`. */
export function clickToken(t: TestEngine, sent: SentWelcome, tag: string): string {
  return signedForADay(t, "click", { c: sent.contactId, e: sent.enrollmentId, s: sent.stepId, l: tag });
}
