/**
 * The owner's answer to a handed-off lead (settings.sla): `POST /leads/{contactId}/accept` and
 * `POST /leads/{contactId}/reject` `{ reason }` (scope rep), and the signed page a handoff's Slack
 * message links to, `GET /l/{token}` with its two buttons posting to `POST /l/{token}`.
 */

import { acceptLead, type LeadAnswer, MAX_REASON_LENGTH, rejectLead } from "../../core/engine/sla";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES, problem } from "./types";

const By = z.optional(z.string().check(z.minLength(1), z.maxLength(128)));
/** A reason names a counter of the SLA report: one line of text, trimmed. */
export const RejectReason = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'give a reason, like "no budget" or "not a fit"'),
    z.maxLength(MAX_REASON_LENGTH, `a reason is at most ${MAX_REASON_LENGTH} characters`),
    z.regex(/^[^\p{Cc}]+$/u, "a reason is one line of text"),
  );
const AcceptBody = z.strictObject({ by: By });
const RejectBody = z.strictObject({ reason: RejectReason, by: By });

const CONTACT_ID = /^[A-Za-z0-9._@+-]{1,200}$/;

/** 200 with the answer; 404 when the contact has no lead awaiting an answer. */
export function leadAnswerResponse(contactId: string, answer: LeadAnswer): HttpResponse {
  if (answer.status === "not-found" || answer.status === "not-pending")
    return problem(404, answer.status, `contact '${contactId}' has no lead awaiting an answer`);
  return json(200, { contactId, status: answer.status });
}

export async function postAcceptLead(
  deps: HttpDeps,
  request: HttpRequest,
  contactId: string,
): Promise<HttpResponse> {
  // No body at all is an accept by "api" (a button in another tool); a body is JSON.
  const parsed = request.body.trim() === "" ? { value: {} } : parseBody(request, AcceptBody, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  if (!CONTACT_ID.test(contactId)) return problem(400, "invalid-contact-id", "not a contact id");
  const by = "by" in parsed.value ? parsed.value.by : undefined;
  const answer = await acceptLead(deps.engine, { contactId, by: by ?? "api" });
  return leadAnswerResponse(contactId, answer);
}

export async function postRejectLead(
  deps: HttpDeps,
  request: HttpRequest,
  contactId: string,
): Promise<HttpResponse> {
  const parsed = parseBody(request, RejectBody, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  if (!CONTACT_ID.test(contactId)) return problem(400, "invalid-contact-id", "not a contact id");
  const { reason, by } = parsed.value;
  const answer = await rejectLead(deps.engine, { contactId, by: by ?? "api", reason });
  return leadAnswerResponse(contactId, answer);
}
