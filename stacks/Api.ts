import { type CfnStage, HttpRoute } from "aws-cdk-lib/aws-apigatewayv2";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { Api as HttpApi, type Stack, type StackContext, use } from "sst/constructs";
import {
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
} from "../src/adapters/http/cors";
import { PUBLIC_ROUTES } from "../src/adapters/http/scopes";
import type { ApiThrottles, StageConfig, Workspace } from "./config";
import { Email, INBOUND_PREFIX } from "./Email";
import { grantReadAndEraseReplies, grantScanDeadLetters } from "./grants";
import { ENTRY_FUNCTIONS, type HandoffFunction, handoffFunction } from "./lambda-functions";
import { NAG, suppress } from "./nag";
import { Workflows } from "./Workflows";

/**
 * The routes of functions/api.ts (docs/http-api.md): each is public (PUBLIC_ROUTES) or keyed with
 * a scope in ROUTE_SCOPES (src/adapters/http/scopes.ts); a unit test keeps the three lists in step.
 */
export const API_ROUTES = [
  "POST /events",
  "POST /enroll",
  "POST /tasks/{id}/complete",
  "GET /u/{token}",
  "POST /u/{token}",
  "GET /r/{token}",
  "GET /enrollments/failed",
  "POST /enrollments/redrive",
  "DELETE /contacts/{id}",
  "GET /contacts/{id}/export",
  "GET /sends/uncertain",
  "POST /contacts/{id}/stage",
  "GET /workflows",
  "GET /",
  "GET /dashboard/{file}",
  "GET /contacts/{id}",
  "GET /contacts",
  "GET /tasks",
  "GET /reports/funnel",
  "GET /reports/stages",
  "GET /reports/sla",
  "GET /reports/accounts",
  "GET /reports/attribution",
  "POST /leads/{contactId}/accept",
  "POST /leads/{contactId}/reject",
  "GET /l/{token}",
  "POST /l/{token}",
  "GET /t.js",
  "POST /t",
  "OPTIONS /t",
  "POST /integrations/asana/connect",
  "POST /integrations/asana/webhook",
  "GET /smoke/contacts/{id}",
] as const;

/** API Gateway's per-route throttles: the public link routes get theirs, each keyed route its own. */
function routeSettings(throttles: ApiThrottles): Record<string, unknown> {
  const isPublic = (route: string) => (PUBLIC_ROUTES as readonly string[]).includes(route);
  return Object.fromEntries(
    API_ROUTES.map((route) => {
      const { rate, burst } = isPublic(route) ? throttles.public : throttles.keyed;
      return [route, { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst }];
    }),
  );
}

/** Access log lines: ids, route and status only (no client address, no query string). */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLatency: "$context.responseLatency",
  integrationError: "$context.integrationErrorMessage",
});

/**
 * The HTTP API: events, enrollment and task completion for other systems (API key or signature),
 * unsubscribe and click redirect for the links in emails. On stages with a certificate it answers
 * on the links domain of settings.links.baseUrl, which is what the emails link to.
 */
export function Api({ stack }: StackContext) {
  const { deployment, inboundBucket } = use(Email);
  const { queues } = use(Workflows);
  const { config } = deployment;
  const handler = handoffFunction(stack, "ApiHandler", deployment, {
    ...ENTRY_FUNCTIONS.api,
    environment: {
      HANDOFF_CORS_ORIGINS: JSON.stringify(config.corsOrigins),
      HANDOFF_DEAD_LETTER_QUEUES: stack.toJsonString(
        Object.fromEntries(Object.entries(queues).map(([name, queue]) => [name, queue.queueUrl])),
      ),
      ...(inboundBucket
        ? { HANDOFF_INBOUND_BUCKET: inboundBucket.bucketName, HANDOFF_INBOUND_PREFIX: INBOUND_PREFIX }
        : {}),
    },
  });
  // Erasure and export (DELETE /contacts/{id}, GET /contacts/{id}/export): scan every dead-letter
  // queue for messages that name the contact, and read and delete its raw replies.
  grantScanDeadLetters(handler, Object.values(queues));
  if (inboundBucket) grantReadAndEraseReplies(handler, inboundBucket, INBOUND_PREFIX);
  suppress(handler, NAG.invokedSynchronously("API Gateway (an HTTP API route)"));

  const api = httpApi(stack, config, handler, browserOrigins(config, deployment.workspace));
  const domain = api.cdk.domainName;
  stack.addOutputs({
    ApiUrl: api.url,
    LinksUrl: api.customDomainUrl ?? api.url,
    // The DNS record to create for the links domain (a CNAME, or an alias in Route 53).
    ...(domain ? { LinksDomainCname: `${config.links.domain} CNAME ${domain.regionalDomainName}` } : {}),
  });
  return { api, handler };
}

/**
 * The origins CORS answers: the stage's corsOrigins, and the https origins of the tracking site keys
 * (settings.tracking.sites). API Gateway answers a CORS API's preflights itself and puts its own
 * CORS headers on every answer, so the tracking script's origins must be listed here too; POST /t
 * still refuses an origin its site key does not list. http origins are for pages on this machine.
 */
function browserOrigins(config: StageConfig, workspace: Workspace): string[] {
  const sites = workspace.settings.tracking?.sites ?? [];
  const tracking = sites.flatMap((site) => site.origins).filter((origin) => origin.startsWith("https://"));
  return [...new Set([...config.corsOrigins, ...tracking])];
}

/** Every route to the handler, with the given CORS origins, access log, links domain and per-route throttles. */
function httpApi(stack: Stack, config: StageConfig, handler: HandoffFunction, origins: string[]): HttpApi {
  const { certificateArn } = config.links;
  const api = new HttpApi(stack, "Api", {
    routes: Object.fromEntries(API_ROUTES.map((route) => [route, handler])),
    defaults: { throttle: config.apiThrottles.keyed },
    // SST's default is every origin; CORS answers only browserOrigins, none by default.
    cors: origins.length
      ? {
          allowOrigins: origins,
          allowMethods: [...CORS_ALLOW_METHODS],
          allowHeaders: [...CORS_ALLOW_HEADERS],
          exposeHeaders: [...CORS_EXPOSE_HEADERS],
          allowCredentials: false,
          maxAge: `${CORS_MAX_AGE_SECONDS} seconds`,
        }
      : false,
    accessLog: { format: ACCESS_LOG_FORMAT, retention: "three_months" },
    ...(certificateArn
      ? {
          customDomain: {
            domainName: config.links.domain,
            isExternalDomain: true,
            cdk: { certificate: Certificate.fromCertificateArn(stack, "LinksCertificate", certificateArn) },
          },
        }
      : {}),
  });

  // Per-route throttles; the stage waits for the routes it names.
  const stage = api.cdk.httpApi.defaultStage!.node.defaultChild as CfnStage;
  stage.routeSettings = routeSettings(config.apiThrottles);
  const routes = api.node.children.filter((child) => child instanceof HttpRoute);
  stage.node.addDependency(...routes);
  for (const route of routes) suppress(route, NAG.apiRoute);
  return api;
}
