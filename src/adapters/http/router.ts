import { getClick } from "./click";
import { allowedOrigin, preflight, withCors } from "./cors";
import { postEnroll } from "./enroll-routes";
import { getFailedEnrollments, postRedrive } from "./enrollments";
import { postEvents } from "./events";
import { guarded } from "./guard";
import { leadPage } from "./lead-page";
import { postAcceptLead, postRejectLead } from "./lead-routes";
import { deleteContact, getContactExport } from "./privacy";
import type { KeyedRoute } from "./scopes";
import { getUncertainSends } from "./sends";
import { postContactStage } from "./stage";
import { postCompleteTask } from "./task-routes";
import { type HttpDeps, type HttpRequest, type HttpResponse, problem } from "./types";
import { getUnsubscribe, postUnsubscribe } from "./unsubscribe";

const TOKEN = "([A-Za-z0-9._~-]{10,2000})";
const UNSUBSCRIBE = new RegExp(`^/u/${TOKEN}$`);
const CLICK = new RegExp(`^/r/${TOKEN}$`);
const LEAD_PAGE = new RegExp(`^/l/${TOKEN}$`);
const LEADS = /^\/leads\/([^/]+)\/(accept|reject)$/;

/** The path without trailing slashes ("/" for none left); a loop, since /\/+$/ is quadratic on "////…x". */
function trimSlashes(path: string): string {
  let end = path.length;
  while (end > 0 && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(0, end) || "/";
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The public HTTP API. Every malformed, oversized, unauthenticated or forged request gets a 4xx
 * with a reason; only a fault of Handoff itself is a 5xx. A browser origin listed in `deps.cors`
 * gets its preflight answered and CORS headers on every answer; any other gets neither.
 */
export async function route(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const origin = allowedOrigin(deps.cors, request);
  if (origin && request.method.toUpperCase() === "OPTIONS") return preflight(origin);
  const response = await dispatch(deps, request);
  return origin ? withCors(response, origin) : response;
}

async function dispatch(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const method = request.method.toUpperCase();
  const path = trimSlashes(request.path);
  // Each keyed route names its entry of ROUTE_SCOPES (src/adapters/http/scopes.ts): the scope it needs.
  const authed = (key: KeyedRoute, run: () => Promise<HttpResponse>) => guarded(deps, request, key, run);
  if (path === "/events")
    return method === "POST" ? authed("POST /events", () => postEvents(deps, request)) : notAllowed("POST");
  if (path === "/enroll")
    return method === "POST" ? authed("POST /enroll", () => postEnroll(deps, request)) : notAllowed("POST");
  if (path === "/enrollments/failed")
    return method === "GET"
      ? authed("GET /enrollments/failed", () => getFailedEnrollments(deps, request))
      : notAllowed("GET");
  if (path === "/enrollments/redrive")
    return method === "POST"
      ? authed("POST /enrollments/redrive", () => postRedrive(deps, request))
      : notAllowed("POST");
  if (path === "/sends/uncertain")
    return method === "GET"
      ? authed("GET /sends/uncertain", () => getUncertainSends(deps, request))
      : notAllowed("GET");
  const task = /^\/tasks\/([^/]+)\/complete$/.exec(path)?.[1];
  if (task !== undefined) {
    return method === "POST"
      ? authed("POST /tasks/{id}/complete", () => postCompleteTask(deps, request, safeDecode(task)))
      : notAllowed("POST");
  }
  const stageOf = /^\/contacts\/([^/]+)\/stage$/.exec(path)?.[1];
  if (stageOf !== undefined) {
    return method === "POST"
      ? authed("POST /contacts/{id}/stage", () => postContactStage(deps, request, safeDecode(stageOf)))
      : notAllowed("POST");
  }
  const exportOf = /^\/contacts\/([^/]+)\/export$/.exec(path)?.[1];
  if (exportOf !== undefined)
    return method === "GET"
      ? authed("GET /contacts/{id}/export", () => getContactExport(deps, safeDecode(exportOf)))
      : notAllowed("GET");
  const contact = /^\/contacts\/([^/]+)$/.exec(path)?.[1];
  if (contact !== undefined)
    return method === "DELETE"
      ? authed("DELETE /contacts/{id}", () => deleteContact(deps, safeDecode(contact)))
      : notAllowed("DELETE");
  const [, leadOf, answer] = LEADS.exec(path) ?? [];
  if (leadOf !== undefined && method !== "POST") return notAllowed("POST");
  if (answer === "accept")
    return authed("POST /leads/{contactId}/accept", () => postAcceptLead(deps, request, safeDecode(leadOf!)));
  if (answer === "reject")
    return authed("POST /leads/{contactId}/reject", () => postRejectLead(deps, request, safeDecode(leadOf!)));
  if (LEAD_PAGE.test(path)) return leadPage(deps, request, path.slice("/l/".length));
  const unsubscribeToken = UNSUBSCRIBE.exec(path)?.[1];
  if (unsubscribeToken !== undefined) {
    if (method === "GET" || method === "HEAD") return getUnsubscribe(deps, unsubscribeToken);
    return method === "POST" ? postUnsubscribe(deps, request, unsubscribeToken) : notAllowed("GET, POST");
  }
  const clickToken = CLICK.exec(path)?.[1];
  if (clickToken !== undefined)
    return method === "GET" || method === "HEAD" ? getClick(deps, clickToken, method) : notAllowed("GET");
  return problem(404, "not-found", `no route ${method} ${path.slice(0, 100)}`);
}

function notAllowed(allow: string): HttpResponse {
  const response = problem(405, "method-not-allowed", `use ${allow}`);
  return { ...response, headers: { ...response.headers, allow } };
}
