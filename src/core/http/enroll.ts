import { z } from "zod";
import { enroll, upsertContact } from "../engine/enroll";
import { ContactInput, WorkflowId } from "../language";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_ENROLL_BYTES, problem } from "./types";

const Body = z.union([
  z.strictObject({ workflow: WorkflowId, contact: ContactInput }),
  z.strictObject({ workflow: WorkflowId, contacts: z.array(ContactInput).min(1).max(500) }),
]);

/** POST /enroll: one contact or a batch of up to 500 into a campaign or sequence. */
export async function postEnroll(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = parseBody(request, Body, MAX_ENROLL_BYTES);
  if ("response" in parsed) return parsed.response;
  const { workflow } = parsed.value;
  if (!deps.engine.catalog.workflows.has(workflow)) {
    return problem(404, "unknown-workflow", `'${workflow}' is not a deployed campaign or sequence`);
  }
  const contacts = "contacts" in parsed.value ? parsed.value.contacts : [parsed.value.contact];
  const owners = new Set(deps.engine.catalog.settings.owners.map((o) => o.id));
  const stages = deps.engine.catalog.scoring.stages;
  const results = [];
  for (const input of contacts) {
    if (input.owner && !owners.has(input.owner)) {
      results.push({
        contactId: input.id,
        status: "rejected",
        reason: `owner '${input.owner}' is not in settings`,
      });
      continue;
    }
    if (input.stage && !stages.includes(input.stage)) {
      results.push({
        contactId: input.id,
        status: "rejected",
        reason: `stage '${input.stage}' is not in scoring.json`,
      });
      continue;
    }
    await upsertContact(deps.engine, input);
    const outcome = await enroll(deps.engine, input.id, workflow);
    results.push(
      outcome.status === "refused"
        ? { contactId: input.id, status: "refused", reason: outcome.reason }
        : { contactId: input.id, status: outcome.status, enrollmentId: outcome.enrollment.id },
    );
  }
  const single = contacts.length === 1 ? results[0]! : undefined;
  const codes: Record<string, number> = { enrolled: 201, "already-active": 200, refused: 409, rejected: 422 };
  const status = single ? (codes[single.status] ?? 422) : 207;
  return json(status, { results });
}
