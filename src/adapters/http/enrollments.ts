import { failedEnrollments, type RedriveOutcome, redriveEnrollment } from "../../core/engine/redrive";
import { InvalidCursorError } from "../../core/errors";
import * as z from "../../core/language/zod-mini";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES, problem } from "./types";

const Id = z.string().check(z.minLength(1), z.maxLength(200));
const WORKFLOW = /^[a-z][a-z0-9-]{0,63}$/;
/** A redrive of every failed enrollment is done in batches: the caller repeats until none is left. */
const REDRIVE_BATCH = 100;

const Body = z.union([
  z.strictObject({ contactId: Id, enrollmentId: Id }),
  z.strictObject({ failed: z.literal(true), workflow: z.optional(z.string().check(z.regex(WORKFLOW))) }),
]);

/** GET /enrollments/failed answers this many at most (and by default `DEFAULT_PAGE`). */
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

/** `limit` and `cursor` of a paged GET, or why they are not valid. */
function pageQuery(request: HttpRequest): { limit: number; cursor?: string } | { response: HttpResponse } {
  const { limit: text, cursor } = request.query;
  const limit = text === undefined ? DEFAULT_PAGE : Number(text);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    return { response: problem(400, "invalid-limit", `limit is a whole number from 1 to ${MAX_PAGE}`) };
  if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,2000}$/.test(cursor))
    return {
      response: problem(400, "invalid-cursor", "cursor is the `cursor` of the previous page, as given"),
    };
  return { limit, ...(cursor !== undefined ? { cursor } : {}) };
}

/**
 * GET /enrollments/failed[?workflow=id&limit=n&cursor=c]: enrollments whose execution failed, with
 * the reason, a page at a time; `cursor` in the answer asks for the next page.
 */
export async function getFailedEnrollments(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const workflow = request.query.workflow;
  if (workflow !== undefined && !WORKFLOW.test(workflow))
    return problem(400, "invalid-workflow", "workflow is a workflow id (lowercase letters, digits, hyphens)");
  if (workflow !== undefined && !deps.engine.catalog.workflows.has(workflow))
    return problem(404, "unknown-workflow", `no campaign or sequence '${workflow}'`);
  const page = pageQuery(request);
  if ("response" in page) return page.response;
  try {
    const { items, cursor } = await failedEnrollments(deps.engine, {
      ...page,
      ...(workflow ? { workflowId: workflow } : {}),
    });
    return json(200, { count: items.length, failed: items, ...(cursor ? { cursor } : {}) });
  } catch (error) {
    if (error instanceof InvalidCursorError)
      return problem(400, "invalid-cursor", `${error.message}: start again without a cursor`);
    throw error;
  }
}

/**
 * POST /enrollments/redrive: `{ contactId, enrollmentId }` resumes one failed enrollment where it
 * failed; `{ failed: true, workflow? }` resumes up to 100 at a time.
 */
export async function postRedrive(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = parseBody(request, Body, MAX_BODY_BYTES);
  if ("response" in parsed) return parsed.response;
  const body = parsed.value;
  if ("contactId" in body) {
    const outcome = await redriveEnrollment(deps.engine, body.contactId, body.enrollmentId);
    return single(outcome);
  }
  const failed = await failedEnrollments(deps.engine, {
    limit: REDRIVE_BATCH,
    ...(body.workflow ? { workflowId: body.workflow } : {}),
  });
  const results: RedriveOutcome[] = [];
  for (const f of failed.items)
    results.push(await redriveEnrollment(deps.engine, f.contactId, f.enrollmentId));
  const redriven = results.filter((r) => r.status === "redriven").length;
  return json(200, { redriven, results, more: failed.cursor !== undefined });
}

function single(outcome: RedriveOutcome): HttpResponse {
  switch (outcome.status) {
    case "redriven":
      return json(200, outcome);
    case "not-found":
      return problem(
        404,
        "not-found",
        `no enrollment ${outcome.enrollmentId} of contact ${outcome.contactId}`,
      );
    case "not-failed":
      return problem(409, "not-failed", "only a failed enrollment can be redriven");
    default:
      return problem(
        409,
        "not-redrivable",
        "Step Functions can no longer redrive this execution (older than 14 days?)",
      );
  }
}
