import { checkUnsubscribeToken, unsubscribe } from "../../core/engine/unsubscribe";
import { escapeHtml } from "../../core/render/preheader";
import { formFields } from "./form";
import { type HttpDeps, type HttpRequest, type HttpResponse, page } from "./types";

function refused(reason: string): HttpResponse {
  const expired = reason === "expired";
  return page(
    expired ? 410 : 400,
    expired ? "This link has expired" : "This link is not valid",
    `<p>${expired ? "The unsubscribe link is too old." : "We could not read this unsubscribe link."} Use the link in a recent email, or reply to it and ask to be removed: we will.</p>`,
  );
}

/** GET /u/{token}: a confirmation page (mail scanners follow GET links; only POST unsubscribes). */
export async function getUnsubscribe(deps: HttpDeps, token: string): Promise<HttpResponse> {
  const check = checkUnsubscribeToken(deps.engine, token);
  if (!check.ok) return refused(check.reason);
  const org = escapeHtml(deps.engine.catalog.settings.organization);
  return page(
    200,
    "Unsubscribe?",
    `<p>Stop receiving emails from ${org}?</p><form method="post"><input type="hidden" name="confirm" value="yes"><button type="submit">Unsubscribe</button></form>`,
  );
}

/**
 * What a POST to an unsubscribe link asks: RFC 8058's `List-Unsubscribe=One-Click`, sent as
 * `application/x-www-form-urlencoded` or `multipart/form-data`, or an empty body (clients that send
 * none); or the confirmation page's button (`confirm=yes`); else nothing.
 */
function asked(request: HttpRequest): "one-click" | "page" | undefined {
  if (request.body.trim() === "") return "one-click";
  const form = formFields(request);
  if (form.get("List-Unsubscribe") === "One-Click") return "one-click";
  return form.get("confirm") === "yes" ? "page" : undefined;
}

/** POST /u/{token}: one-click (RFC 8058) or the confirmation form. A repeat changes nothing. */
export async function postUnsubscribe(
  deps: HttpDeps,
  request: HttpRequest,
  token: string,
): Promise<HttpResponse> {
  if (Buffer.byteLength(request.body) > 4096)
    return page(413, "Request too large", "<p>The request is too large.</p>");
  const source = asked(request);
  if (!source) {
    return page(
      400,
      "Nothing to do",
      "<p>Send List-Unsubscribe=One-Click, or use the button on the unsubscribe page.</p>",
    );
  }
  const result = await unsubscribe(deps.engine, token, source);
  if (!result.ok) return refused(result.reason);
  const org = escapeHtml(deps.engine.catalog.settings.organization);
  return page(
    200,
    "You are unsubscribed",
    `<p>You will receive no more marketing or sales emails from ${org}.</p>`,
  );
}
