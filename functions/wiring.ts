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
import { SES_DEFAULT_SEND_RATE } from "../src/core/engine/pacing";
import type { ApiAuth } from "../src/core/http/types";
import { createRenderer } from "../src/core/render";
import type { TokenKeys } from "../src/core/tokens";

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

function jsonEnv<T>(name: string): T {
  return JSON.parse(env(name)) as T;
}

/** The stage's send rate (stacks/config.ts sendRatePerSecond); SES's default without one. */
function sendRate(): number {
  const text = process.env.HANDOFF_SEND_RATE;
  if (text === undefined) return SES_DEFAULT_SEND_RATE;
  const rate = Number(text);
  if (!Number.isInteger(rate) || rate < 1)
    throw new Error(`HANDOFF_SEND_RATE is "${text}", not a whole number above 0`);
  return rate;
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
    pacing: { perSecond: sendRate() },
  };
  return engine;
}

export function apiAuth(): ApiAuth {
  return {
    apiKeys: jsonEnv<string[]>("HANDOFF_API_KEYS"),
    signingSecrets: jsonEnv<string[]>("HANDOFF_SIGNING_SECRETS"),
  };
}
