import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import { Api as HttpApi, type StackContext, use } from "sst/constructs";
import { Data } from "./Data";
import { Email } from "./Email";
import { deploymentOf, handoffFunction } from "./functions";

/** The routes of functions/api.ts (docs/http-api.md). */
export const API_ROUTES = [
  "POST /events",
  "POST /enroll",
  "POST /tasks/{id}/complete",
  "GET /u/{token}",
  "POST /u/{token}",
  "GET /r/{token}",
  "GET /enrollments/failed",
  "POST /enrollments/redrive",
  "GET /sends/uncertain",
] as const;

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
  const { workspace, config, table, secrets } = use(Data);
  const { configurationSet } = use(Email);
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
    // operators redrive failed executions.
    access: { startExecution: true, taskResponse: true, redrive: true },
    secrets: [secrets.tokenKeys, secrets.slackWebhooks, secrets.apiKeys, secrets.signingSecrets],
  });

  const { certificateArn } = config.links;
  const api = new HttpApi(stack, "Api", {
    routes: Object.fromEntries(API_ROUTES.map((route) => [route, handler])),
    defaults: { throttle: { rate: 200, burst: 400 } },
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

  const domain = api.cdk.domainName;
  stack.addOutputs({
    ApiUrl: api.url,
    LinksUrl: api.customDomainUrl ?? api.url,
    // The DNS record to create for the links domain (a CNAME, or an alias in Route 53).
    ...(domain ? { LinksDomainCname: `${config.links.domain} CNAME ${domain.regionalDomainName}` } : {}),
  });
  return { api, handler };
}
