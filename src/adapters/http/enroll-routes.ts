import { mapBounded } from "../../core/bounded";
import { ownerOf } from "../../core/engine/deps";
import { enroll, upsertContact } from "../../core/engine/enroll-contact";
import { ItemTooLargeError } from "../../core/errors";
import { ContactInput, WorkflowId } from "../../core/language/input-schemas";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_ENROLL_BYTES, problem } from "./types";

const Body = z.union([
  z.strictObject({ workflow: WorkflowId, contact: ContactInput }),
  z.strictObject({
    workflow: WorkflowId,
    contacts: z.array(ContactInput).check(z.minLength(1), z.maxLength(500)),
  }),
]);

/** Contacts of a batch enrolled at once: 500 contacts take ~63 round trips of each kind, not 500. */
export const ENROLL_CONCURRENCY = 8;

/** A contact's answer; `tooLarge` (not sent) makes a one-contact request a 413. */
type EnrollResult = (
  | { contactId: string; status: "enrolled" | "already-active"; enrollmentId: string }
  | { contactId: string; status: "refused" | "rejected"; reason: string }
) & { tooLarge?: true };

/** POST /enroll: one contact or a batch of up to 500 into a campaign or sequence. */
export async function postEnroll(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = parseBody(request, Body, MAX_ENROLL_BYTES);
  if ("response" in parsed) return parsed.response;
  const { workflow } = parsed.value;
  if (!deps.engine.catalog.workflows.has(workflow)) {
    return problem(404, "unknown-workflow", `'${workflow}' is not a deployed campaign or sequence`);
  }
  const contacts = "contacts" in parsed.value ? parsed.value.contacts : [parsed.value.contact];
  const results = await mapBounded(
    contacts,
    ENROLL_CONCURRENCY,
    (input) => enrollOne(deps, input, workflow),
    (input) => input.id,
  );
  const answers = results.map(({ tooLarge: _, ...result }) => result);
  const single = contacts.length === 1 ? results[0]! : undefined;
  if (!single) return json(207, { results: answers });
  const codes = { enrolled: 201, "already-active": 200, refused: 409, rejected: 422 };
  return json(single.tooLarge ? 413 : codes[single.status], { results: answers });
}

async function enrollOne(deps: HttpDeps, input: ContactInput, workflow: string): Promise<EnrollResult> {
  const rejected = (reason: string) => ({ contactId: input.id, status: "rejected" as const, reason });
  if (input.owner && !ownerOf(deps.engine, input.owner))
    return rejected(`owner '${input.owner}' is not in settings`);
  if (input.stage && !deps.engine.catalog.scoring.stages.includes(input.stage))
    return rejected(`stage '${input.stage}' is not in scoring.json`);
  try {
    await upsertContact(deps.engine, input);
  } catch (error) {
    if (!(error instanceof ItemTooLargeError)) throw error;
    return { ...rejected(`${error.message}: send fewer or smaller attributes`), tooLarge: true };
  }
  const outcome = await enroll(deps.engine, input.id, workflow);
  return outcome.status === "refused"
    ? { contactId: input.id, status: "refused", reason: outcome.reason }
    : { contactId: input.id, status: outcome.status, enrollmentId: outcome.enrollment.id };
}
