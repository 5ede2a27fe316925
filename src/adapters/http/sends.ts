import { type HttpDeps, type HttpRequest, type HttpResponse, json, problem } from "./types";

/** A page of GET /sends/uncertain: 50 unless `limit` says otherwise, at most 100. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
/** The store's opaque page cursor (ContactStore.listUncertainSends). */
const CURSOR = /^[A-Za-z0-9_-]{1,2000}$/;

/**
 * GET /sends/uncertain[?limit=&after=]: emails whose SES call ended without an answer and that no
 * SES event has settled yet (each may or may not have gone out), oldest first; `next` is the
 * `after` of the following page.
 */
export async function getUncertainSends(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const { limit: rawLimit, after } = request.query;
  const limit = rawLimit === undefined ? DEFAULT_PAGE : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    return problem(400, "invalid-limit", `limit is a whole number from 1 to ${MAX_PAGE}`);
  if (after !== undefined && !CURSOR.test(after))
    return problem(400, "invalid-cursor", "after is the `next` of the page before, as it came");
  const page = await deps.engine.store.listUncertainSends({
    limit,
    ...(after === undefined ? {} : { after }),
  });
  const sends = page.sends.map((s) => ({
    contactId: s.contactId,
    enrollmentId: s.enrollmentId,
    workflowId: s.workflowId,
    stepId: s.stepId,
    claimedAt: s.claimedAt,
    uncertainAt: s.uncertainAt,
    reason: s.reason,
  }));
  return json(200, { count: sends.length, sends, ...(page.next ? { next: page.next } : {}) });
}
