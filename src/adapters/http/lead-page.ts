/**
 * The page a handoff's Slack message links to (settings.sla): `GET /l/{token}` shows the lead and
 * two buttons, which post `answer=accept` or `answer=reject&reason=…` to `POST /l/{token}`. Public:
 * the token is signed, names the contact, the owner and the accept task, and expires
 * (src/core/engine/sla-links.ts). A lead since reassigned to another owner is not theirs to answer.
 */
import { acceptTask, type LeadAnswer, MAX_REASON_LENGTH, rejectTask } from "../../core/engine/sla";
import { checkLeadToken } from "../../core/engine/sla-links";
import type { Contact, RepTask } from "../../core/model";
import { escapeHtml } from "../../core/render/preheader";
import { formFields } from "./form";
import { RejectReason } from "./lead-routes";
import { type HttpDeps, type HttpRequest, type HttpResponse, page, problem } from "./types";

function refused(reason: string): HttpResponse {
  const expired = reason === "expired";
  return page(
    expired ? 410 : 400,
    expired ? "This link has expired" : "This link is not valid",
    "<p>Answer the lead from your inbox in Handoff instead.</p>",
  );
}

/** The accept task the token names, while it is still the token's owner's to answer. */
async function awaitedTask(
  deps: HttpDeps,
  token: string,
): Promise<{ response: HttpResponse } | { task: RepTask; contact: Contact }> {
  const check = checkLeadToken(deps.engine, token);
  if (!check.ok) return { response: refused(check.reason) };
  const [task, contact] = await Promise.all([
    deps.engine.store.getTask(check.taskId),
    deps.engine.store.getContact(check.contactId),
  ]);
  if (!task || !contact || task.contactId !== contact.id)
    return { response: page(404, "No such lead", "<p>This lead is no longer in Handoff.</p>") };
  if (task.owner !== check.owner)
    return { response: page(409, "Reassigned", "<p>This lead was reassigned to another owner.</p>") };
  return { task, contact };
}

const FORM_STYLE = "display:inline-block;margin:0 .5rem .5rem 0";

/** GET /l/{token}: the lead and the two buttons (a scanner following the link answers nothing). */
export async function getLeadPage(deps: HttpDeps, token: string): Promise<HttpResponse> {
  const found = await awaitedTask(deps, token);
  if ("response" in found) return found.response;
  const { task, contact } = found;
  if (task.status !== "open") return page(200, "Already answered", "<p>This lead has been answered.</p>");
  const name = escapeHtml([contact.firstName, contact.lastName].filter(Boolean).join(" ") || contact.email);
  const details = [contact.title, contact.company, contact.email].filter(Boolean).map((d) => escapeHtml(d!));
  return page(
    200,
    "Accept or reject this lead?",
    `<p><strong>${name}</strong><br>${details.join("<br>")}</p>` +
      `<form method="post" style="${FORM_STYLE}"><input type="hidden" name="answer" value="accept"><button type="submit">Accept</button></form>` +
      `<form method="post" style="${FORM_STYLE}"><input type="hidden" name="answer" value="reject">` +
      `<input name="reason" required maxlength="${MAX_REASON_LENGTH}" placeholder="Reason (no budget, not a fit…)"> ` +
      `<button type="submit">Reject</button></form>`,
  );
}

const ANSWERED: Record<LeadAnswer["status"], string> = {
  accepted: "Lead accepted: it is yours.",
  already: "You had already accepted this lead.",
  rejected: "Lead rejected: it goes back to marketing.",
  "not-found": "This lead is no longer awaiting an answer.",
  "not-pending": "This lead has already been answered.",
};

/** POST /l/{token}: the page's buttons. */
export async function postLeadPage(
  deps: HttpDeps,
  request: HttpRequest,
  token: string,
): Promise<HttpResponse> {
  const found = await awaitedTask(deps, token);
  if ("response" in found) return found.response;
  const form = formFields(request);
  const by = `link:${found.task.owner ?? "unassigned"}`;
  let answer: LeadAnswer;
  if (form.get("answer") === "accept") answer = await acceptTask(deps.engine, found.task, { by });
  else if (form.get("answer") === "reject") {
    const reason = RejectReason.safeParse(form.get("reason") ?? "");
    if (!reason.success)
      return page(
        400,
        "Give a reason",
        "<p>Say why you reject the lead (at most 100 characters), then try again.</p>",
      );
    answer = await rejectTask(deps.engine, found.task, { by, reason: reason.data });
  } else return page(400, "Nothing to do", "<p>Use the Accept or Reject button.</p>");
  return page(
    200,
    answer.status === "rejected" ? "Rejected" : "Thank you",
    `<p>${ANSWERED[answer.status]}</p>`,
  );
}

/** GET (or HEAD) shows the page, POST answers; no other method. */
export function leadPage(deps: HttpDeps, request: HttpRequest, token: string): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  if (method === "GET" || method === "HEAD") return getLeadPage(deps, token);
  const tooLarge = Buffer.byteLength(request.body) > 4096;
  if (method === "POST" && tooLarge)
    return Promise.resolve(page(413, "Request too large", "<p>Too large.</p>"));
  if (method === "POST") return postLeadPage(deps, request, token);
  const refusedMethod = problem(405, "method-not-allowed", "use GET, POST");
  return Promise.resolve({ ...refusedMethod, headers: { ...refusedMethod.headers, allow: "GET, POST" } });
}
