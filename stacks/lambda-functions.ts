/**
 * The Lambda functions' common shape (runtime, memory, the bundled catalog.json, the secret shim)
 * and the least-privilege grants the stacks give them. No business logic: the handlers are in
 * functions/, the use cases in src/core/engine/.
 */
import { resolve } from "node:path";
import { Aws, Stack } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { type Config, Function as SstFunction } from "sst/constructs";
import { GSI1 } from "../src/adapters/aws/table-schema";
import type { FunctionNeeds } from "../src/core/step-lambdas";
import { CATALOG_FILE, catalogBundleHooks } from "./catalog-bundle";
import { LIVE_ALIAS, type StageConfig, stateMachineName } from "./config";
import { secretShimPlugin } from "./secret-shim-plugin";

/** Where the bundle lands (the Lambda task root): catalog.json is at its top (stacks/catalog-bundle.ts). */
export const BUNDLE_ROOT = "/var/task";

/** Memory of every function: the cost model assumes 0.25 GB. */
export const MEMORY_MB = 256;

/** The only DynamoDB calls the store makes (src/adapters/aws/dynamodb-table.ts). */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
];

/** What a function may reach besides the table (the step functions' needs are in src/core/step-lambdas.ts). */
export type Access = FunctionNeeds & {
  /**
   * Deletes table items (dynamodb:DeleteItem): the API erases contacts, and every function that
   * ingests events removes a late event of an erased contact.
   */
  deleteItems?: boolean;
};

/** What every function needs to know about the deployment. */
export interface Deployment {
  app: string;
  config: StageConfig;
  table: ITable;
  configurationSetName: string;
  /** Workflow ids of the deployed machines. */
  workflowIds: string[];
}

/** The deployment facts every stack's functions share, from the Data stack and the configuration set. */
export function deploymentOf(
  appName: string,
  data: { config: StageConfig; table: ITable; workspace: { machines: Array<{ id: string }> } },
  configurationSetName: string,
): Deployment {
  return {
    app: appName,
    config: data.config,
    table: data.table,
    configurationSetName,
    workflowIds: data.workspace.machines.map((m) => m.id),
  };
}

export interface HandoffFunctionProps {
  /** `functions/step.sendEmail` */
  handler: string;
  description: string;
  timeoutSeconds: number;
  access: Access;
  secrets: Config.Secret[];
  environment?: Record<string, string>;
  /** Asynchronously invoked functions send failed events here after Lambda's retries. */
  deadLetterQueue?: IQueue;
}

function machineArn(name: string): string {
  return `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:stateMachine:${name}`;
}

/** workflowId → the ARN of its `live` alias: what functions start executions on. */
export function aliasArns(d: Deployment): Record<string, string> {
  return Object.fromEntries(
    d.workflowIds.map((id) => [
      id,
      `${machineArn(stateMachineName(d.app, d.config.stage, id))}:${LIVE_ALIAS}`,
    ]),
  );
}

/** The machines, their versions and aliases: `…:stateMachine:name` and `…:stateMachine:name:*`. */
function machineResources(d: Deployment): string[] {
  return d.workflowIds.flatMap((id) => {
    const arn = machineArn(stateMachineName(d.app, d.config.stage, id));
    return [arn, `${arn}:*`];
  });
}

export function handoffFunction(scope: Construct, id: string, d: Deployment, props: HandoffFunctionProps) {
  const stack = Stack.of(scope);
  const fn = new SstFunction(scope, id, {
    handler: props.handler,
    description: props.description,
    runtime: "nodejs22.x",
    architecture: "arm_64",
    memorySize: MEMORY_MB,
    timeout: props.timeoutSeconds,
    tracing: "active",
    logRetention: "three_months",
    hooks: catalogBundleHooks,
    nodejs: {
      format: "esm",
      minify: true,
      esbuild: {
        plugins: [secretShimPlugin(resolve(`${props.handler.slice(0, props.handler.lastIndexOf("."))}.ts`))],
      },
    },
    environment: {
      HANDOFF_TABLE: d.table.tableName,
      HANDOFF_CONFIGURATION_SET: d.configurationSetName,
      HANDOFF_STATE_MACHINES: stack.toJsonString(aliasArns(d)),
      HANDOFF_CATALOG: `${BUNDLE_ROOT}/${CATALOG_FILE}`,
      HANDOFF_LINKS_BASE_URL: d.config.links.baseUrl,
      HANDOFF_EVENT_RETENTION_DAYS: String(d.config.eventRetentionDays),
      HANDOFF_SEND_RATE: String(d.config.sendRatePerSecond),
      ...(d.config.replyDomain ? { HANDOFF_REPLY_DOMAIN: d.config.replyDomain } : {}),
      ...props.environment,
    },
    bind: props.secrets,
    ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
  });

  fn.addToRolePolicy(
    new PolicyStatement({
      sid: "ContactsTable",
      effect: Effect.ALLOW,
      actions: TABLE_ACTIONS,
      resources: [d.table.tableArn, `${d.table.tableArn}/index/${GSI1}`],
    }),
  );
  if (props.access.deleteItems) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: "DeleteContactItems",
        effect: Effect.ALLOW,
        actions: ["dynamodb:DeleteItem"],
        resources: [d.table.tableArn],
      }),
    );
  }
  if (props.access.sendEmail) {
    const ses = (resource: string) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: "SendAsHandoffSenders",
        effect: Effect.ALLOW,
        actions: ["ses:SendEmail"],
        resources: [
          ...d.config.identities.map((identity) => ses(`identity/${identity}`)),
          ses(`configuration-set/${d.configurationSetName}`),
        ],
        conditions: { StringLike: { "ses:FromAddress": d.config.fromAddresses } },
      }),
    );
  }
  if (props.access.startExecution) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: "StartHandoffMachines",
        effect: Effect.ALLOW,
        actions: ["states:StartExecution"],
        resources: machineResources(d),
      }),
    );
  }
  if (props.access.taskResponse) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: "AnswerHandoffTasks",
        effect: Effect.ALLOW,
        actions: ["states:SendTaskSuccess", "states:SendTaskFailure"],
        resources: machineResources(d),
      }),
    );
  }
  if (props.access.redrive) {
    fn.addToRolePolicy(
      new PolicyStatement({
        sid: "RedriveHandoffExecutions",
        effect: Effect.ALLOW,
        actions: ["states:RedriveExecution"],
        resources: d.workflowIds.map(
          (id) =>
            `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:execution:${stateMachineName(d.app, d.config.stage, id)}:*`,
        ),
      }),
    );
  }
  return fn;
}
