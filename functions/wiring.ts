// The only place that creates real AWS clients: each Lambda container builds its dependencies once.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoDbContactStore } from "../src/adapters/aws/dynamodb-store";
import { S3RawMailArchive } from "../src/adapters/aws/s3-raw-mail";
import { createSesClient } from "../src/adapters/aws/ses-client";
import { SesMailer } from "../src/adapters/aws/ses-mailer";
import { SfnWorkflowControl } from "../src/adapters/aws/sfn-control";
import { SkippingSlackNotifier, SlackWebhookNotifier } from "../src/adapters/aws/slack-webhook";
import { SqsDeadLetterQueues } from "../src/adapters/aws/sqs-dead-letters";
import type { CorsConfig } from "../src/adapters/http/cors";
import { type ApiKey, DEFAULT_KEY_RATE, parseApiKeys } from "../src/adapters/http/keys";
import type { ApiAuth } from "../src/adapters/http/types";
import { MemoryRawMailArchive } from "../src/adapters/local/memory-privacy";
import { catalogFromWorkspace } from "../src/compiler/catalog";
import type { EngineDeps } from "../src/core/engine/deps";
import { SES_DEFAULT_SEND_RATE } from "../src/core/engine/pacing";
import type { PrivacyPorts } from "../src/core/engine/privacy";
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
      ...(process.env.HANDOFF_EVENT_RETENTION_DAYS
        ? { eventRetentionDays: Number(process.env.HANDOFF_EVENT_RETENTION_DAYS) }
        : {}),
    }),
    mailer: new SesMailer({
      client: createSesClient({ region }),
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
    pacing: { perSecond: sendRate() },
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

/** The inbound bucket (stacks/Email.ts); undefined on a stage without replies. */
export function rawMailArchive(): S3RawMailArchive | undefined {
  const bucket = process.env.HANDOFF_INBOUND_BUCKET;
  if (!bucket) return undefined;
  const prefix = process.env.HANDOFF_INBOUND_PREFIX ?? "inbound/";
  return new S3RawMailArchive({ client: new S3Client({ region: process.env.AWS_REGION }), bucket, prefix });
}

let privacy: PrivacyPorts | undefined;

/** What erasure and export reach besides the table: the inbound bucket and the dead-letter queues. */
export function privacyPorts(): PrivacyPorts {
  if (privacy) return privacy;
  privacy = {
    // A stage without replies stores no raw mail: an empty archive stands for it.
    rawMail: rawMailArchive() ?? new MemoryRawMailArchive(),
    deadLetters: new SqsDeadLetterQueues({
      client: new SQSClient({ region: process.env.AWS_REGION }),
      queues: jsonEnv<Record<string, string>>("HANDOFF_DEAD_LETTER_QUEUES"),
    }),
  };
  return privacy;
}
