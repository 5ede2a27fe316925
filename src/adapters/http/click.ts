import { ingestEvent } from "../../core/engine/ingest";
import type { SendRecord } from "../../core/model";
import { verifyToken } from "../../core/tokens";
import { type HttpDeps, type HttpResponse, page } from "./types";

/**
 * Clicks this soon after the email went out are a link scanner's, not the person's. Mail security
 * gateways (Microsoft Defender Safe Links, Mimecast URL Protect, Proofpoint URL Defense, Barracuda)
 * fetch every link of a message within seconds of its delivery, and SES hands a message to the
 * receiving server within seconds of accepting it; a person needs longer to see, open, read and
 * click. Such a click still redirects, is not recorded, and leaves the link's one counted click
 * for the person's own.
 */
export const SCANNER_WINDOW_SECONDS = 30;

const invalid = (status = 400) =>
  page(status, "This link is not valid", "<p>This tracked link could not be read.</p>");

function redirect(target: string): HttpResponse {
  return {
    status: 302,
    headers: { location: target, "cache-control": "no-store", "referrer-policy": "no-referrer" },
    body: "",
  };
}

/** True when the click came within SCANNER_WINDOW_SECONDS of the email going out. */
function scannerPrefetch(send: SendRecord, now: Date): boolean {
  const sent = Date.parse(send.sentAt ?? send.claimedAt);
  return now.getTime() - sent < SCANNER_WINDOW_SECONDS * 1000;
}

/**
 * GET /r/{token}: a tracked click. The target comes from the send ledger (the links that were in
 * that email), never from the request, so the redirect cannot be pointed elsewhere. Each link of an
 * email counts once: its first click (recorded as `clicks[tag]` on the ledger entry) is the
 * email.click event, whose id is the same for every click of it; a later click, a HEAD request
 * and a link scanner's prefetch only redirect, after reading nothing but that ledger entry.
 */
export async function getClick(deps: HttpDeps, token: string, method: "GET" | "HEAD"): Promise<HttpResponse> {
  const engine = deps.engine;
  const now = engine.clock.now();
  const verified = verifyToken(engine.tokens, "click", token, now);
  if (!verified.ok) return invalid(verified.reason === "expired" ? 410 : 400);
  const { c, e, s, l } = verified.payload as Record<string, unknown>;
  if (typeof c !== "string" || typeof e !== "string" || typeof s !== "string" || typeof l !== "string")
    return invalid();
  const send = await engine.store.getSend(c, e, s);
  const target = send?.links && Object.hasOwn(send.links, l) ? send.links[l] : undefined;
  if (!send || typeof target !== "string" || !/^https?:\/\//i.test(target))
    return page(404, "Link not found", "<p>This link is no longer available.</p>");
  const counted = send.clicks !== undefined && Object.hasOwn(send.clicks, l);
  if (method === "HEAD" || counted || scannerPrefetch(send, now)) return redirect(target);
  // Stored before it is marked: a crash in between leaves the link unmarked, and the next click
  // stores the same event id again, which scores and conditions count once.
  await ingestEvent(engine, {
    id: `click:${e}:${s}:${l}`,
    contactId: c,
    name: "email.click",
    at: now.toISOString(),
    properties: { link: l, url: target },
    enrollmentId: e,
    workflowId: send.workflowId,
    stepId: s,
    ...(send.messageId ? { messageId: send.messageId } : {}),
  });
  await engine.store.markClick(c, e, s, l, now.toISOString());
  return redirect(target);
}
