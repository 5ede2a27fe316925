import { changeStage } from "../../core/engine/rules";
import { StageName } from "../../core/language/input-schemas";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES, problem } from "./types";

const Body = z.strictObject({
  stage: StageName,
  reason: z.optional(z.string().check(z.minLength(1), z.maxLength(500))),
  by: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
});

/**
 * POST /contacts/{id}/stage: a CRM or a person moves a contact's lifecycle stage (forward or back).
 * The move is handled like an event at that moment: handoff rules, goals, exitWhen, stopWhen and
 * enrollWhen react at once.
 */
export async function postContactStage(
  deps: HttpDeps,
  request: HttpRequest,
  contactId: string,
): Promise<HttpResponse> {
  const parsed = parseBody(request, Body, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  const { stage, reason, by } = parsed.value;
  const stages = deps.engine.catalog.scoring.stages;
  if (!stages.includes(stage))
    return problem(422, "unknown-stage", `stage '${stage}' is not in scoring.json (${stages.join(", ")})`);
  const contact = await deps.engine.store.getContact(contactId);
  if (!contact) return problem(404, "unknown-contact", `no contact '${contactId.slice(0, 128)}'`);
  const from = contact.stage;
  const now = await changeStage(deps.engine, contact, stage, {
    by: `api${by ? `:${by}` : ""}`,
    reason: reason ?? "set through the API",
    direction: "any",
  });
  return json(200, { contactId, from, stage: now, changed: from !== now });
}
