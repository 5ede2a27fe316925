import { z } from "zod";
import { failedEnrollments, type RedriveOutcome, redriveEnrollment } from "../engine/redrive";
import { parseBody } from "./body";
import { type HttpDeps, type HttpRequest, type HttpResponse, json, MAX_BODY_BYTES, problem } from "./types";

const Id = z.string().min(1).max(200);
const WORKFLOW = /^[a-z][a-z0-9-]{0,63}$/;
/** A redrive of every failed enrollment is done in batches: the caller repeats until none is left. */
const REDRIVE_BATCH = 100;

const Body = z.union([
  z.strictObject({ contactId: Id, enrollmentId: Id }),
  z.strictObject({ failed: z.literal(true), workflow: z.string().regex(WORKFLOW).optional() }),
]);

/** GET /enrollments/failed[?workflow=id]: enrollments whose execution failed, with the reason. */
export async function getFailedEnrollments(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const workflow = request.query.workflow;
  if (workflow !== undefined && !WORKFLOW.test(workflow))
    return problem(400, "invalid-workflow", "workflow is a workflow id (lowercase letters, digits, hyphens)");
  if (workflow !== undefined && !deps.engine.catalog.workflows.has(workflow))
    return problem(404, "unknown-workflow", `no campaign or sequence '${workflow}'`);
  const failed = await failedEnrollments(deps.engine, workflow);
  return json(200, { count: failed.length, failed });
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
  const failed = (await failedEnrollments(deps.engine, body.workflow)).slice(0, REDRIVE_BATCH);
  const results: RedriveOutcome[] = [];
  for (const f of failed) results.push(await redriveEnrollment(deps.engine, f.contactId, f.enrollmentId));
  const redriven = results.filter((r) => r.status === "redriven").length;
  return json(200, { redriven, results, more: failed.length === REDRIVE_BATCH });
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
