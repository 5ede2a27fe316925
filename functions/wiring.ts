// The only place that creates real AWS clients: each Lambda container builds its dependencies once.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoDbContactStore } from "../src/adapters/aws/dynamodb-store";
import { SesMailer } from "../src/adapters/aws/ses-mailer";
import { SfnWorkflowControl } from "../src/adapters/aws/sfn-control";
import { SlackWebhookNotifier } from "../src/adapters/aws/slack-webhook";
import { catalogFromWorkspace } from "../src/compiler/catalog";
import type { EngineDeps } from "../src/core/engine/deps";
import type { CorsConfig } from "../src/core/http/cors";
import { type ApiKey, DEFAULT_KEY_RATE, parseApiKeys } from "../src/core/http/keys";
import type { ApiAuth } from "../src/core/http/types";
import { createRenderer } from "../src/core/render";
import type { TokenKeys } from "../src/core/tokens";
import { logger } from "./logger";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

function jsonEnv<T>(name: string): T {
  return JSON.parse(env(name)) as T;
}

let engine: EngineDeps | undefined;

/** The engine's dependencies for this container, from the environment the stacks set. */
export function wire(): EngineDeps {
  if (engine) return engine;
  const region = process.env.AWS_REGION;
  const { catalog, templates } = catalogFromWorkspace({
    workflowsDir: process.env.HANDOFF_WORKFLOWS_DIR ?? "workflows",
    templatesDir: process.env.HANDOFF_TEMPLATES_DIR ?? "templates",
  });
  // A stage that serves links from another domain than settings.links.baseUrl (a test stage's own
  // API) says so here, so its emails never link to production.
  const linksBaseUrl = process.env.HANDOFF_LINKS_BASE_URL;
  if (linksBaseUrl)
    catalog.settings = { ...catalog.settings, links: { ...catalog.settings.links, baseUrl: linksBaseUrl } };
  const machines = jsonEnv<Record<string, string>>("HANDOFF_STATE_MACHINES");
  const webhooks = jsonEnv<Record<string, string>>("HANDOFF_SLACK_WEBHOOKS");
  engine = {
    store: new DynamoDbContactStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient({ region }), {
        marshallOptions: { removeUndefinedValues: true },
      }),
      tableName: env("HANDOFF_TABLE"),
    }),
    mailer: new SesMailer({
      client: new SESv2Client({ region }),
      configurationSet: env("HANDOFF_CONFIGURATION_SET"),
    }),
    control: new SfnWorkflowControl({
      client: new SFNClient({ region }),
      stateMachineArn: (id) => {
        const arn = machines[id];
        if (!arn) throw new Error(`no state machine for workflow ${id}`);
        return arn;
      },
    }),
    slack: new SlackWebhookNotifier({ webhooks: async (channel) => webhooks[channel] }),
    clock: { now: () => new Date() },
    ids: { next: (prefix) => `${prefix}-${randomUUID()}` },
    catalog,
    renderer: createRenderer({ templates, settings: catalog.settings }),
    tokens: jsonEnv<TokenKeys>("HANDOFF_TOKEN_KEYS"),
    ...(process.env.HANDOFF_REPLY_DOMAIN ? { replyDomain: process.env.HANDOFF_REPLY_DOMAIN } : {}),
  };
  return engine;
}

let http: { auth: ApiAuth; cors: CorsConfig } | undefined;

/**
 * The API's keys, signing secrets and CORS origins, read once per container. A malformed key list
 * is logged and leaves no key valid (every keyed request gets 401): the links in emails (/u, /r)
 * keep working whatever the keys' secret holds.
 */
export function apiSettings(): { auth: ApiAuth; cors: CorsConfig } {
  if (http) return http;
  let apiKeys: ApiKey[] = [];
  try {
    apiKeys = parseApiKeys(env("HANDOFF_API_KEYS"));
  } catch (error) {
    logger.error("no API key is valid: HANDOFF_API_KEYS cannot be read", {
      reason: (error as Error).message,
    });
  }
  http = {
    auth: {
      apiKeys,
      signingSecrets: jsonEnv<string[]>("HANDOFF_SIGNING_SECRETS"),
      signedRate: DEFAULT_KEY_RATE,
    },
    cors: { origins: process.env.HANDOFF_CORS_ORIGINS ? jsonEnv<string[]>("HANDOFF_CORS_ORIGINS") : [] },
  };
  return http;
}
