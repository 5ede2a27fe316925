// The only place that creates real AWS clients: each Lambda container builds its dependencies once.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoDbContactStore } from "../src/adapters/aws/dynamodb-store";
import { SesMailer } from "../src/adapters/aws/ses-mailer";
import { SfnWorkflowControl } from "../src/adapters/aws/sfn-control";
import { SkippingSlackNotifier, SlackWebhookNotifier } from "../src/adapters/aws/slack-webhook";
import { catalogFromWorkspace } from "../src/compiler/catalog";
import type { EngineDeps } from "../src/core/engine/deps";
import type { ApiAuth } from "../src/core/http/types";
import { linksBaseUrlProblem } from "../src/core/language";
import type { SlackNotifier } from "../src/core/ports";
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

/**
 * Slack through the channels' webhooks. Without any (the secret unset, or `{}` on a stage without
 * Slack) every post is skipped with a warning: Slack never stops a function from wiring.
 */
function slackNotifier(): SlackNotifier {
  const webhooks = process.env.HANDOFF_SLACK_WEBHOOKS
    ? jsonEnv<Record<string, string>>("HANDOFF_SLACK_WEBHOOKS")
    : {};
  if (Object.keys(webhooks).length === 0)
    return new SkippingSlackNotifier((channel) =>
      logger.warn("Slack post skipped: no Slack webhooks are configured (HANDOFF_SLACK_WEBHOOKS)", {
        channel,
      }),
    );
  return new SlackWebhookNotifier({ webhooks: async (channel) => webhooks[channel] });
}

let tokenKeys: TokenKeys | undefined;

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
  // The same rule as settings.links.baseUrl: https.
  const linksBaseUrl = process.env.HANDOFF_LINKS_BASE_URL;
  if (linksBaseUrl) {
    const problem = linksBaseUrlProblem(linksBaseUrl);
    if (problem) throw new Error(`HANDOFF_LINKS_BASE_URL ${problem}`);
    catalog.settings = { ...catalog.settings, links: { ...catalog.settings.links, baseUrl: linksBaseUrl } };
  }
  const machines = jsonEnv<Record<string, string>>("HANDOFF_STATE_MACHINES");
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
    slack: slackNotifier(),
    clock: { now: () => new Date() },
    ids: { next: (prefix) => `${prefix}-${randomUUID()}` },
    catalog,
    renderer: createRenderer({ templates, settings: catalog.settings }),
    // Read at first use: only the functions that sign or verify links are bound the keys (stacks);
    // the others never touch them, and one that needs them without them fails here, naming them.
    get tokens() {
      tokenKeys ??= jsonEnv<TokenKeys>("HANDOFF_TOKEN_KEYS");
      return tokenKeys;
    },
    ...(process.env.HANDOFF_REPLY_DOMAIN ? { replyDomain: process.env.HANDOFF_REPLY_DOMAIN } : {}),
  };
  return engine;
}

export function apiAuth(): ApiAuth {
  return {
    apiKeys: jsonEnv<string[]>("HANDOFF_API_KEYS"),
    signingSecrets: jsonEnv<string[]>("HANDOFF_SIGNING_SECRETS"),
  };
}
