import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { Config, type StackContext } from "sst/constructs";
import { contactTableSchema, type KeyAttribute } from "../src/adapters/aws/table-schema";
import { compileMachines, stageConfig } from "./config";
import type { DataDeployment, Secrets } from "./lambda-functions";
import { NAG, suppress } from "./nag";
import { SECRET_NAMES } from "./secret-names";
import { STAGES } from "./stages";

const ATTRIBUTE_TYPES = { S: AttributeType.STRING } as const;
const attribute = (key: KeyAttribute) => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] });

/** The contacts table (docs/data-model.md), the dead-letter queues, the stage settings and secrets. */
export function Data({ stack, app }: StackContext) {
  const workspace = compileMachines();
  const config = stageConfig(app.stage, workspace.settings, workspace.machines, STAGES[app.stage]);
  const removalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

  const schema = contactTableSchema;
  const table = new Table(stack, "Contacts", {
    partitionKey: attribute(schema.partitionKey),
    sortKey: attribute(schema.sortKey),
    billingMode: { PAY_PER_REQUEST: BillingMode.PAY_PER_REQUEST }[schema.billingMode],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    // Events expire after the stage's eventRetentionDays; remembered signatures and rate counters
    // after their window (src/adapters/aws/dynamodb-guards.ts: the store's conditions decide, TTL
    // only clears them away).
    timeToLiveAttribute: schema.timeToLiveAttribute,
    deletionProtection: config.production,
    removalPolicy,
  });
  for (const index of schema.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      ...(index.projection === "ALL"
        ? { projectionType: ProjectionType.ALL }
        : { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection.include] }),
    });
  }

  // One dead-letter queue per asynchronously invoked function: what Lambda could not process after
  // its retries lands here, and the Alarms stack alarms on any visible message.
  const deadLetterQueues = {
    sesEvents: failedEventsQueue(stack, "SesEventsDeadLetters"),
    inbound: failedEventsQueue(stack, "InboundDeadLetters"),
    executionEvents: failedEventsQueue(stack, "ExecutionEventsDeadLetters"),
    slaSweep: failedEventsQueue(stack, "SlaSweepDeadLetters"),
    startDue: failedEventsQueue(stack, "StartDueDeadLetters"),
  };

  // Values live in SSM (`npx sst secrets set …`); functions get them through binding.
  const secrets = Object.fromEntries(
    Object.entries(SECRET_NAMES).map(([key, name]) => [key, new Config.Secret(stack, name)]),
  ) as Secrets;
  const asana = workspace.settings.integrations?.asana;
  if (asana) secrets.asanaToken = new Config.Secret(stack, asana.tokenSecret);

  stack.addOutputs({ TableName: table.tableName });
  return { app: app.name, workspace, config, table, deadLetterQueues, secrets } satisfies DataDeployment;
}

/**
 * A queue for events that could not be processed: kept 14 days, encrypted, TLS only. It is a
 * dead-letter queue itself, so it has no redrive policy (tests/stacks/built.ts tells the app's
 * dead-letter queues by that).
 */
export function failedEventsQueue(scope: Construct, id: string): Queue {
  const queue = new Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  suppress(queue, NAG.deadLetterQueue);
  return queue;
}
