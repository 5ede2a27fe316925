import { getClick } from "./click";
import { getContact } from "./contact-routes";
import { allowedOrigin, preflight, withCors } from "./cors";
import { dashboardRoute } from "./dashboard-routes";
import { postEnroll } from "./enroll-routes";
import { getFailedEnrollments, postRedrive } from "./enrollments";
import { postEvents } from "./events";
import { guarded } from "./guard";
import { deleteContact, getContactExport } from "./privacy";
import { readRoute } from "./read-routes";
import type { KeyedRoute } from "./scopes";
import { getUncertainSends } from "./sends";
import { postContactStage } from "./stage";
import { postCompleteTask } from "./task-routes";
import { type HttpDeps, type HttpRequest, type HttpResponse, notAllowed, problem } from "./types";
import { getUnsubscribe, postUnsubscribe } from "./unsubscribe";
import { getWorkflowList } from "./workflow-list";

const TOKEN = "([A-Za-z0-9._~-]{10,2000})";
const UNSUBSCRIBE = new RegExp(`^/u/${TOKEN}$`);
const CLICK = new RegExp(`^/r/${TOKEN}$`);

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
  if (path === "/workflows")
    return method === "GET" ? authed("GET /workflows", () => getWorkflowList(deps)) : notAllowed("GET");
  const dashboard = dashboardRoute(method, path);
  if (dashboard) return dashboard;
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
  if (contact !== undefined) {
    if (method === "GET")
      return authed("GET /contacts/{id}", () => getContact(deps, request, safeDecode(contact)));
    return method === "DELETE"
      ? authed("DELETE /contacts/{id}", () => deleteContact(deps, safeDecode(contact)))
      : notAllowed("GET, DELETE");
  }
  const read = readRoute(deps, request, { method, path, authed });
  if (read) return read;
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
