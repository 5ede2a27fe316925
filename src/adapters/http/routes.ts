/**
 * Every route of the API, one line each: the route key (as API Gateway writes it, which for a keyed
 * route is also its entry of ROUTE_SCOPES in src/adapters/http/scopes.ts) and what answers it. A
 * keyed route runs behind the key and rate guard; a public one (the links in emails, the lead page,
 * the dashboard's page and assets) answers anyone. `params` are the path's `{…}` parts, decoded.
 */
import { postAsanaConnect, postAsanaWebhook } from "./asana-routes";
import { getClick } from "./click";
import { getContact, getContacts, getTasks } from "./contact-routes";
import { dashboardRoute } from "./dashboard-routes";
import { postEnroll } from "./enroll-routes";
import { getFailedEnrollments, postRedrive } from "./enrollments";
import { postEvents } from "./events";
import { leadPage } from "./lead-page";
import { postAcceptLead, postRejectLead } from "./lead-routes";
import { deleteContact, getContactExport } from "./privacy";
import {
  getAccountsReport,
  getAttributionReport,
  getFunnelReport,
  getSlaReport,
  getStagesReport,
} from "./report-routes";
import type { KeyedRoute, PublicRoute } from "./scopes";
import { getUncertainSends } from "./sends";
import { getSmokeContact } from "./smoke-routes";
import { postContactStage } from "./stage";
import { postCompleteTask } from "./task-routes";
import { optionsCollect, postCollect } from "./tracking-routes";
import { getTrackerScript } from "./tracking-script";
import type { HttpDeps, HttpRequest, HttpResponse } from "./types";
import { getUnsubscribe, postUnsubscribe } from "./unsubscribe";
import { getWorkflowList } from "./workflow-list";

type Answer = (deps: HttpDeps, request: HttpRequest, params: string[]) => Promise<HttpResponse>;

export interface RouteEntry {
  route: KeyedRoute | PublicRoute;
  keyed: boolean;
  answer: Answer;
}

const keyed = (route: KeyedRoute, answer: Answer): RouteEntry => ({ route, keyed: true, answer });
const open = (route: PublicRoute, answer: Answer): RouteEntry => ({ route, keyed: false, answer });

export const ROUTES: readonly RouteEntry[] = [
  keyed("POST /events", (deps, request) => postEvents(deps, request)),
  keyed("POST /enroll", (deps, request) => postEnroll(deps, request)),
  keyed("GET /enrollments/failed", (deps, request) => getFailedEnrollments(deps, request)),
  keyed("POST /enrollments/redrive", (deps, request) => postRedrive(deps, request)),
  keyed("GET /sends/uncertain", (deps, request) => getUncertainSends(deps, request)),
  keyed("POST /tasks/{id}/complete", (deps, request, [id]) => postCompleteTask(deps, request, id!)),
  keyed("POST /contacts/{id}/stage", (deps, request, [id]) => postContactStage(deps, request, id!)),
  keyed("GET /contacts/{id}/export", (deps, _request, [id]) => getContactExport(deps, id!)),
  keyed("GET /contacts/{id}", (deps, request, [id]) => getContact(deps, request, id!)),
  keyed("DELETE /contacts/{id}", (deps, _request, [id]) => deleteContact(deps, id!)),
  keyed("GET /contacts", (deps, request) => getContacts(deps, request)),
  keyed("GET /tasks", (deps, request) => getTasks(deps, request)),
  keyed("POST /leads/{contactId}/accept", (deps, request, [id]) => postAcceptLead(deps, request, id!)),
  keyed("POST /leads/{contactId}/reject", (deps, request, [id]) => postRejectLead(deps, request, id!)),
  keyed("GET /workflows", (deps) => getWorkflowList(deps)),
  keyed("GET /reports/funnel", (deps, request) => getFunnelReport(deps, request)),
  keyed("GET /reports/stages", (deps, request) => getStagesReport(deps, request)),
  keyed("GET /reports/sla", (deps, request) => getSlaReport(deps, request)),
  keyed("GET /reports/accounts", (deps, request) => getAccountsReport(deps, request)),
  keyed("GET /reports/attribution", (deps, request) => getAttributionReport(deps, request)),
  keyed("GET /smoke/contacts/{id}", (deps, request, [id]) => getSmokeContact(deps, request, id!)),
  keyed("POST /integrations/asana/connect", (deps, request) => postAsanaConnect(deps, request)),
  open("GET /u/{token}", (deps, _request, [token]) => getUnsubscribe(deps, token!)),
  open("POST /u/{token}", (deps, request, [token]) => postUnsubscribe(deps, request, token!)),
  open("GET /r/{token}", (deps, request, [token]) =>
    getClick(deps, token!, request.method.toUpperCase() === "HEAD" ? "HEAD" : "GET"),
  ),
  open("GET /l/{token}", (deps, request, [token]) => leadPage(deps, request, token!)),
  open("POST /l/{token}", (deps, request, [token]) => leadPage(deps, request, token!)),
  open("POST /integrations/asana/webhook", (deps, request) => postAsanaWebhook(deps, request)),
  open("GET /", async () => dashboardRoute("GET", "/")!),
  open(
    "GET /dashboard/{file}",
    async (_deps, _request, [file]) => dashboardRoute("GET", `/dashboard/${file}`)!,
  ),
  open("GET /t.js", async (deps) => getTrackerScript(deps.engine.catalog.settings)),
  open("POST /t", (deps, request) => postCollect(deps, request)),
  open("OPTIONS /t", async (deps, request) => optionsCollect(deps, request)),
];
