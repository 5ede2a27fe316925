/**
 * The Lambda functions' common shape (the bundled catalog.json, the secret shim, the
 * deployment's environment), the entry points besides the steps, and the deployment they share.
 * Runtime, architecture, memory, tracing and log retention are the app's defaults (sst.config.ts);
 * the grants are in stacks/grants.ts. No business logic: the handlers are in functions/, the use
 * cases in src/core/engine/.
 */
import { resolve } from "node:path";
import { Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type Config, Function as SstFunction } from "sst/constructs";
import { FUNCTION_NEEDS, type FunctionKey } from "../src/core/step-lambdas";
import { functionEsbuildOptions } from "./bundling";
import { CATALOG_FILE, catalogBundleHooks } from "./catalog-bundle";
import type { StageConfig, Workspace } from "./config";
import { type Access, boundSecrets, grantNeeds, grantPublishWebhooks } from "./grants";
import { aliasArns } from "./machine-arns";
import { defaultPolicyOf, NAG, suppress } from "./nag";
import { type SECRET_NAMES, SETTINGS_SECRETS_VARIABLE } from "./secret-names";

/** Where the bundle lands (the Lambda task root): catalog.json is at its top (stacks/catalog-bundle.ts). */
export const BUNDLE_ROOT = "/var/task";

/** Memory of every function (the app's default, sst.config.ts): the cost model assumes 0.25 GB. */
export const MEMORY_MB = 256;

/** The SST secrets (stacks/secret-names.ts), by key; and the ones settings name, on a stage that has them. */
export type Secrets = Record<keyof typeof SECRET_NAMES, Config.Secret> & {
  /** settings.integrations.asana.tokenSecret: the Asana personal access token. */
  asanaToken?: Config.Secret;
};

/** One per asynchronously invoked function (stacks/Data.ts). */
export interface DeadLetterQueues {
  sesEvents: IQueue;
  inbound: IQueue;
  executionEvents: IQueue;
  /** The SLA sweep's (a scheduled function: the next minute's sweep retries anyway). */
  slaSweep: IQueue;
  /** The start-due sweep's (the next minute's sweep catches up on what it missed). */
  startDue: IQueue;
}

/** What the Data stack deploys and derives: the one reference the other stacks take (`use(Data)`). */
export interface DataDeployment {
  app: string;
  config: StageConfig;
  workspace: Workspace;
  table: ITable;
  deadLetterQueues: DeadLetterQueues;
  secrets: Secrets;
}

/** What every function needs to know: the Data stack's deployment and the configuration set. */
export interface Deployment extends DataDeployment {
  configurationSetName: string;
  /** Workflow ids of the deployed machines. */
  workflowIds: string[];
  /** Where the engine queues webhook events (stacks/Webhooks.ts): every function may send to it, nothing more. */
  webhookQueue?: IQueue;
}

/** The Data stack's deployment with the Email stack's configuration set (stacks/Email.ts, once). */
export function withConfigurationSet(
  data: DataDeployment,
  configurationSetName: string,
  webhookQueue?: IQueue,
): Deployment {
  const workflowIds = data.workspace.machines.map((m) => m.id);
  return { ...data, configurationSetName, workflowIds, ...(webhookQueue ? { webhookQueue } : {}) };
}

export interface FunctionSpec {
  /** `functions/step.sendEmail` */
  handler: string;
  description: string;
  timeoutSeconds: number;
  /** Its grants and bound secrets (stacks/grants.ts). */
  needs: Access;
}

/** A step function: one per export of functions/step.ts, with its needs from src/core/step-lambdas.ts. */
export function stepFunction(key: FunctionKey): FunctionSpec {
  return {
    handler: `functions/step.${key}`,
    description: `Handoff step: ${key}`,
    timeoutSeconds: 60,
    needs: FUNCTION_NEEDS[key],
  };
}

/** The entry points besides the steps, and what each needs. */
export const ENTRY_FUNCTIONS = {
  api: {
    handler: "functions/api.handler",
    description: "Handoff HTTP API",
    timeoutSeconds: 29,
    // Events end pauses (SendTaskFailure/Success) and enroll (StartExecution); tasks complete;
    // operators redrive failed executions; erasure deletes a contact's items. The signing keys: it
    // verifies unsubscribe and click links. No Slack: the API posts nothing, so a stage without
    // the Slack secret still unsubscribes and redirects. The read API lists contacts (list indexes).
    // The Asana token: its webhook reads the task from Asana, and connect creates the webhook.
    needs: {
      startExecution: true,
      taskResponse: true,
      redrive: true,
      deleteItems: true,
      linkTokens: true,
      apiKeys: true,
      listContacts: true,
      taskTracker: true,
    },
  },
  sesEvents: {
    handler: "functions/ses-events.handler",
    description: "Handoff: SES engagement events from EventBridge",
    timeoutSeconds: 60,
    // No secrets: SES events name their email by tags, never by a signed link, and post nothing.
    needs: { startExecution: true, taskResponse: true, deleteItems: true },
  },
  inbound: {
    handler: "functions/inbound.handler",
    description: "Handoff: replies received by SES",
    timeoutSeconds: 60,
    // The signing keys: it verifies the token of the reply+… address.
    needs: { startExecution: true, taskResponse: true, deleteItems: true, linkTokens: true },
  },
  executionEvents: {
    handler: "functions/execution-events.handler",
    description: "Handoff: failed executions end their enrollments as failed",
    timeoutSeconds: 30,
    needs: {},
  },
  slaSweep: {
    handler: "functions/sla-sweep.handler",
    description: "Handoff: leads not accepted in time are reassigned (settings.sla); Asana tasks retried",
    timeoutSeconds: 60,
    // The table (owners' tasks, contacts, counters), Slack for onMiss.notify, and the Asana token
    // for the tasks whose creation there failed (src/core/engine/tracked-tasks.ts); nothing else.
    needs: { slackPosts: true, taskTracker: true },
  },
  startDue: {
    handler: "functions/start-due.handler",
    description: "Handoff: starts the executions scheduled for their first email's send window",
    // It sleeps until each start's second inside the current minute, after catching up.
    timeoutSeconds: 180,
    // Starts executions, reading them from the scheduled-starts index; no secrets.
    needs: { startExecution: true, scheduledStarts: true },
  },
} satisfies Record<string, FunctionSpec>;

export interface HandoffFunctionProps extends FunctionSpec {
  environment?: Record<string, string>;
  /** Asynchronously invoked functions send failed events here after Lambda's retries. */
  deadLetterQueue?: IQueue;
}

/** What every function reads from its environment about the deployment. */
function deploymentEnvironment(stack: Stack, d: Deployment): Record<string, string> {
  return {
    HANDOFF_TABLE: d.table.tableName,
    HANDOFF_CONFIGURATION_SET: d.configurationSetName,
    HANDOFF_STATE_MACHINES: stack.toJsonString(aliasArns(d)),
    HANDOFF_CATALOG: `${BUNDLE_ROOT}/${CATALOG_FILE}`,
    HANDOFF_LINKS_BASE_URL: d.config.links.baseUrl,
    HANDOFF_EVENT_RETENTION_DAYS: String(d.config.eventRetentionDays),
    HANDOFF_SEND_RATE: String(d.config.sendRatePerSecond),
    ...(d.config.replyDomain ? { HANDOFF_REPLY_DOMAIN: d.config.replyDomain } : {}),
    ...(d.webhookQueue ? { HANDOFF_WEBHOOK_QUEUE_URL: d.webhookQueue.queueUrl } : {}),
    ...(d.secrets.asanaToken
      ? { [SETTINGS_SECRETS_VARIABLE]: JSON.stringify([d.secrets.asanaToken.name]) }
      : {}),
  };
}

/** What a bundled function is given: its handler, environment and secrets, nothing granted. */
export interface BundledFunctionProps extends Omit<FunctionSpec, "needs"> {
  environment: Record<string, string>;
  bind: Config.Secret[];
  deadLetterQueue?: IQueue;
}

/** Every Handoff function's bundle: ESM, minified, catalog.json beside it, the options of stacks/bundling.ts. */
export function bundledFunction(scope: Construct, id: string, props: BundledFunctionProps) {
  const fn = new SstFunction(scope, id, {
    handler: props.handler,
    description: props.description,
    timeout: props.timeoutSeconds,
    hooks: catalogBundleHooks,
    nodejs: {
      format: "esm",
      minify: true,
      esbuild: functionEsbuildOptions(
        resolve(`${props.handler.slice(0, props.handler.lastIndexOf("."))}.ts`),
      ),
    },
    environment: props.environment,
    bind: props.bind,
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
  });
  suppress(fn, NAG.functionRuntime);
  if (fn.role) suppress(fn.role, NAG.functionRole);
  const policy = fn.role && defaultPolicyOf(fn.role);
  if (policy) suppress(policy, NAG.functionTracing);
  return fn;
}

/** A Handoff function: bundled with the secret shim, bound the secrets and granted what its needs name. */
export function handoffFunction(scope: Construct, id: string, d: Deployment, props: HandoffFunctionProps) {
  const fn = bundledFunction(scope, id, {
    ...props,
    environment: { ...deploymentEnvironment(Stack.of(scope), d), ...props.environment },
    bind: boundSecrets(props.needs, d.secrets),
  });
  grantNeeds(fn, d, props.needs);
  if (d.webhookQueue) grantPublishWebhooks(fn, d.webhookQueue);
  return fn;
}

export type HandoffFunction = ReturnType<typeof handoffFunction>;
