import { type CfnStage, HttpRoute } from "aws-cdk-lib/aws-apigatewayv2";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { Api as HttpApi, type StackContext, use } from "sst/constructs";
import {
  CORS_ALLOW_HEADERS,
  CORS_ALLOW_METHODS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
} from "../src/adapters/http/cors";
import { PUBLIC_ROUTES } from "../src/adapters/http/scopes";
import type { ApiThrottles } from "./config";
import { Data } from "./Data";
import { Email, INBOUND_PREFIX } from "./Email";
import { deploymentOf, handoffFunction } from "./lambda-functions";

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
export function Api({ stack, app }: StackContext) {
  const { workspace, config, table, secrets, deadLetterQueues } = use(Data);
  const { configurationSet, inboundBucket, undeliveredEvents } = use(Email);
  // Every dead-letter queue of the app: messages there may name a contact.
  const queues = { ...deadLetterQueues, sesEventsUndelivered: undeliveredEvents };
  const deployment = deploymentOf(
    app.name,
    { config, table, workspace },
    configurationSet.configurationSetName,
  );

  const handler = handoffFunction(stack, "ApiHandler", deployment, {
    handler: "functions/api.handler",
    description: "Handoff HTTP API",
    timeoutSeconds: 29,
    // Events end pauses (SendTaskFailure/Success) and enroll (StartExecution); tasks complete;
    // operators redrive failed executions; erasure deletes a contact's items.
    access: { startExecution: true, taskResponse: true, redrive: true, deleteItems: true },
    // The signing keys: it verifies unsubscribe and click links. No Slack: the API posts nothing,
    // so a stage without the Slack secret still unsubscribes and redirects.
    secrets: [secrets.tokenKeys, secrets.apiKeys, secrets.signingSecrets],
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
  // Erasure and export (DELETE /contacts/{id}, GET /contacts/{id}/export): read and delete the
  // contact's raw replies, and scan the dead-letter queues for messages that name it.
  handler.addToRolePolicy(
    new PolicyStatement({
      sid: "ScanDeadLetters",
      effect: Effect.ALLOW,
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
      resources: Object.values(queues).map((queue) => queue.queueArn),
    }),
  );
  if (inboundBucket) {
    handler.addToRolePolicy(
      new PolicyStatement({
        sid: "ReadAndEraseStoredReplies",
        effect: Effect.ALLOW,
        actions: ["s3:GetObject", "s3:DeleteObject"],
        resources: [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)],
      }),
    );
  }

  const { certificateArn } = config.links;
  const api = new HttpApi(stack, "Api", {
    routes: Object.fromEntries(API_ROUTES.map((route) => [route, handler])),
    defaults: { throttle: config.apiThrottles.keyed },
    // SST's default is every origin; CORS answers only the stage's corsOrigins, none by default.
    cors: config.corsOrigins.length
      ? {
          allowOrigins: config.corsOrigins,
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
  stage.node.addDependency(...api.node.children.filter((child) => child instanceof HttpRoute));

  const domain = api.cdk.domainName;
  stack.addOutputs({
    ApiUrl: api.url,
    LinksUrl: api.customDomainUrl ?? api.url,
    // The DNS record to create for the links domain (a CNAME, or an alias in Route 53).
    ...(domain ? { LinksDomainCname: `${config.links.domain} CNAME ${domain.regionalDomainName}` } : {}),
  });
  return { api, handler };
}
