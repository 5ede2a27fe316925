/** The read API's reports: GET /reports/{funnel,stages,sla,accounts,attribution} (scope viewer). */
import { accountsReport } from "../../core/reports/accounts";
import { ATTRIBUTION_BY, ATTRIBUTION_MODELS, attributionReport } from "../../core/reports/attribution";
import { funnelReport } from "../../core/reports/funnel";
import { slaReport } from "../../core/reports/sla";
import { stagesReport } from "../../core/reports/stages";
import { answerWith, parseChoice, parsePage, parsePeriod, parseWorkflow } from "./report-params";
import type { HttpDeps, HttpRequest, HttpResponse } from "./types";

const PERIOD = ["from", "to"];
const periodOf = (deps: HttpDeps, request: HttpRequest) => parsePeriod(request, deps.engine.clock.now());

/** GET /reports/funnel?workflow=&from=&to= */
export function getFunnelReport(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = { workflow: parseWorkflow(request, deps.engine.catalog), range: periodOf(deps, request) };
  return answerWith(request, ["workflow", ...PERIOD], parsed, ({ workflow, range }) =>
    funnelReport(deps.engine.store, workflow, range),
  );
}

/** GET /reports/stages?from=&to= (every stage of scoring.json, in its order). */
export function getStagesReport(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  return answerWith(request, PERIOD, { range: periodOf(deps, request) }, ({ range }) =>
    stagesReport(deps.engine.store, deps.engine.catalog.scoring.stages, range),
  );
}

/** GET /reports/sla?from=&to= */
export function getSlaReport(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  return answerWith(request, PERIOD, { range: periodOf(deps, request) }, ({ range }) =>
    slaReport(deps.engine.store, range),
  );
}

/** GET /reports/accounts?limit= (highest score first): 25 accounts unless `limit` says, at most 100. */
export function getAccountsReport(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const page = parsePage(request, { fallback: 25, max: 100 });
  return answerWith(request, ["limit"], { page }, ({ page }) =>
    accountsReport(deps.engine.store, { limit: page.limit }),
  );
}

/**
 * GET /reports/attribution?model=&by=channel|campaign&from=&to=: the language's attribution report
 * (src/core/reports/attribution.ts), one model when `model` is given, else all of them.
 */
export function getAttributionReport(deps: HttpDeps, request: HttpRequest): Promise<HttpResponse> {
  const parsed = {
    model:
      request.query.model === undefined
        ? { value: undefined }
        : parseChoice(request, "model", ATTRIBUTION_MODELS),
    by: parseChoice(request, "by", ATTRIBUTION_BY, "channel"),
    range: periodOf(deps, request),
  };
  return answerWith(request, ["model", "by", ...PERIOD], parsed, ({ model, by, range }) =>
    attributionReport(deps.engine.store, deps.engine.catalog.settings, {
      ...range,
      by,
      ...(model ? { model } : {}),
    }),
  );
}
