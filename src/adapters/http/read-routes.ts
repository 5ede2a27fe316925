/**
 * The read API's list and report routes (docs/http-api.md, "Read API"), each GET only and keyed
 * (its scope in ROUTE_SCOPES, src/adapters/http/scopes.ts). GET /contacts/{id} is in the router,
 * beside DELETE /contacts/{id}.
 */
import { getContacts, getTasks } from "./contact-routes";
import {
  getAccountsReport,
  getAttributionReport,
  getFunnelReport,
  getSlaReport,
  getStagesReport,
} from "./report-routes";
import type { KeyedRoute } from "./scopes";
import { type HttpDeps, type HttpRequest, type HttpResponse, notAllowed } from "./types";

type Authed = (key: KeyedRoute, run: () => Promise<HttpResponse>) => Promise<HttpResponse>;

/** The answer of a read route at `path`; undefined when `path` is none of them. */
export function readRoute(
  deps: HttpDeps,
  request: HttpRequest,
  at: { method: string; path: string; authed: Authed },
): Promise<HttpResponse> | undefined {
  const { authed } = at;
  const routes: Record<string, () => Promise<HttpResponse>> = {
    "/contacts": () => authed("GET /contacts", () => getContacts(deps, request)),
    "/tasks": () => authed("GET /tasks", () => getTasks(deps, request)),
    "/reports/funnel": () => authed("GET /reports/funnel", () => getFunnelReport(deps, request)),
    "/reports/stages": () => authed("GET /reports/stages", () => getStagesReport(deps, request)),
    "/reports/sla": () => authed("GET /reports/sla", () => getSlaReport(deps, request)),
    "/reports/accounts": () => authed("GET /reports/accounts", () => getAccountsReport(deps, request)),
    "/reports/attribution": () =>
      authed("GET /reports/attribution", () => getAttributionReport(deps, request)),
  };
  const answer = Object.hasOwn(routes, at.path) ? routes[at.path] : undefined;
  if (!answer) return undefined;
  return at.method === "GET" ? answer() : Promise.resolve(notAllowed("GET"));
}
