import { ingestEvent } from "../engine/ingest";
import { verifyToken } from "../tokens";
import { type HttpDeps, type HttpResponse, page } from "./types";

/**
 * GET /r/{token}: a tracked click. The target comes from the send ledger (the links that were in
 * that email), never from the request, so the redirect cannot be pointed elsewhere.
 */
export async function getClick(deps: HttpDeps, token: string): Promise<HttpResponse> {
  const engine = deps.engine;
  const now = engine.clock.now();
  const verified = verifyToken(engine.tokens, "click", token, now);
  if (!verified.ok)
    return page(
      verified.reason === "expired" ? 410 : 400,
      "This link is not valid",
      "<p>This tracked link could not be read.</p>",
    );
  const { c, e, s, l } = verified.payload as Record<string, unknown>;
  if (typeof c !== "string" || typeof e !== "string" || typeof s !== "string" || typeof l !== "string") {
    return page(400, "This link is not valid", "<p>This tracked link could not be read.</p>");
  }
  const send = await engine.store.getSend(c, e, s);
  const target = send?.links?.[l];
  if (!target || !/^https?:\/\//i.test(target))
    return page(404, "Link not found", "<p>This link is no longer available.</p>");
  await ingestEvent(engine, {
    id: `click:${e}:${s}:${l}:${now.toISOString()}`,
    contactId: c,
    name: "email.click",
    at: now.toISOString(),
    properties: { link: l, url: target },
    enrollmentId: e,
    workflowId: send.workflowId,
    stepId: s,
    ...(send.messageId ? { messageId: send.messageId } : {}),
  });
  return {
    status: 302,
    headers: { location: target, "cache-control": "no-store", "referrer-policy": "no-referrer" },
    body: "",
  };
}
