// Where the engine's real AWS clients are made: each Lambda container builds its dependencies once.
// Each bundle carries only the clients its handlers use: no S3 client at all (raw mail is read and
// erased by signed fetch, functions/raw-mail.ts), SES only in the send step's (functions/ses-mailer.ts,
// injected by functions/step.ts); tests/unit/architecture.test.ts keeps them there.
import { randomUUID } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { AsanaTaskTracker } from "../src/adapters/aws/asana-tracker";
import { DynamoDbContactStore } from "../src/adapters/aws/dynamodb-store";
import { SfnWorkflowControl } from "../src/adapters/aws/sfn-control";
import { SkippingSlackNotifier, SlackWebhookNotifier } from "../src/adapters/aws/slack-webhook";
import { SqsWebhookOutbox } from "../src/adapters/aws/sqs-webhook-outbox";
import type { CorsConfig } from "../src/adapters/http/cors";
import { type ApiKey, DEFAULT_KEY_RATE, parseApiKeys } from "../src/adapters/http/keys";
import type { ApiAuth } from "../src/adapters/http/types";
import { type EngineDeps, engineDeps } from "../src/core/engine/deps";
import type { TaskTracker } from "../src/core/integrations/task-tracker";
import type { Settings } from "../src/core/language";
import type { Mailer, SlackNotifier } from "../src/core/ports";
import type { TokenKeys } from "../src/core/tokens";
import { bundledCatalog, env, eventRetentionDays, jsonEnv, sendRate } from "./environment";
import { logger } from "./logger";

/** `make` run at the first call, its value kept for the container's life (a call that throws keeps nothing). */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** The engine's AWS SDK clients of this container, each made at its first use. */
export const clients = {
  dynamo: once(() =>
    DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }), {
      marshallOptions: { removeUndefinedValues: true },
    }),
  ),
  sfn: once(() => new SFNClient({ region: process.env.AWS_REGION })),
  sqs: once(() => new SQSClient({ region: process.env.AWS_REGION })),
};

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

/** Step Functions, on the `live` alias of each workflow's machine (HANDOFF_STATE_MACHINES, set by the stacks). */
function workflowControl(): SfnWorkflowControl {
  const machines = jsonEnv<Record<string, string>>("HANDOFF_STATE_MACHINES");
  return new SfnWorkflowControl({
    client: clients.sfn(),
    stateMachineArn: (id) => {
      const arn = machines[id];
      if (!arn) throw new Error(`no state machine for workflow ${id}`);
      return arn;
    },
  });
}

/** Webhooks out (stacks/Webhooks.ts): on a stage with settings.webhooks, events are queued there. */
function webhookOutbox(): { webhooks?: SqsWebhookOutbox } {
  const queueUrl = process.env.HANDOFF_WEBHOOK_QUEUE_URL;
  return queueUrl ? { webhooks: new SqsWebhookOutbox({ client: clients.sqs(), queueUrl }) } : {};
}

/**
 * Asana, when settings.integrations.asana is set: its token is the secret settings name, read at
 * first use (only the functions that create or read tasks there are bound it: stacks/grants.ts).
 */
function taskTracker(settings: Settings): { taskTracker?: TaskTracker } {
  const asana = settings.integrations?.asana;
  if (!asana) return {};
  const { tokenSecret, project, assignees } = asana;
  return { taskTracker: new AsanaTaskTracker({ token: () => env(tokenSecret), project, assignees }) };
}

/** What the entry point injects: the clients only some functions use. */
export interface EngineWiringOptions {
  /** The mailer of the functions that send email (functions/step.ts: functions/ses-mailer.ts). */
  mailer?: () => Mailer;
}

/** The mailer of a function wired without one: none of its use cases sends email. */
const NO_MAILER: Mailer = {
  send: async () => {
    throw new Error(
      "this function is wired without a mailer: only the send step sends email (functions/step.ts)",
    );
  },
};

/** The engine's dependencies for this container, from the environment the stacks set, made at the first call. */
export function engineWiring(options: EngineWiringOptions = {}): () => EngineDeps {
  return once(() => engineDepsFromEnvironment(options));
}

/** The engine's dependencies of a function that sends no email. */
export const wire = engineWiring();

function engineDepsFromEnvironment(options: EngineWiringOptions): EngineDeps {
  const catalog = bundledCatalog();
  return engineDeps({
    catalog,
    store: new DynamoDbContactStore({
      client: clients.dynamo(),
      tableName: env("HANDOFF_TABLE"),
      ...eventRetentionDays(),
    }),
    mailer: options.mailer?.() ?? NO_MAILER,
    control: workflowControl(),
    slack: slackNotifier(),
    clock: { now: () => new Date() },
    ids: { next: (prefix) => `${prefix}-${randomUUID()}` },
    // Read at first use: only the functions that sign or verify links are bound the keys (stacks);
    // the others never touch them, and one that needs them without them fails here, naming them.
    tokens: () => jsonEnv<TokenKeys>("HANDOFF_TOKEN_KEYS"),
    ...(process.env.HANDOFF_REPLY_DOMAIN ? { replyDomain: process.env.HANDOFF_REPLY_DOMAIN } : {}),
    pacing: { perSecond: sendRate() },
    ...taskTracker(catalog.catalog.settings),
    ...webhookOutbox(),
  });
}

/**
 * The API's keys, signing secrets and CORS origins, read once per container. A malformed key list
 * is logged and leaves no key valid (every keyed request gets 401): the links in emails (/u, /r)
 * keep working whatever the keys' secret holds.
 */
export const apiSettings = once((): { auth: ApiAuth; cors: CorsConfig } => {
  let apiKeys: ApiKey[] = [];
  try {
    apiKeys = parseApiKeys(env("HANDOFF_API_KEYS"));
  } catch (error) {
    logger.error("no API key is valid: HANDOFF_API_KEYS cannot be read", {
      reason: (error as Error).message,
    });
  }
  return {
    auth: {
      apiKeys,
      signingSecrets: jsonEnv<string[]>("HANDOFF_SIGNING_SECRETS"),
      signedRate: DEFAULT_KEY_RATE,
    },
    cors: { origins: process.env.HANDOFF_CORS_ORIGINS ? jsonEnv<string[]>("HANDOFF_CORS_ORIGINS") : [] },
  };
});
