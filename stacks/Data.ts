import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AttributeType, BillingMode, ProjectionType, Table } from "aws-cdk-lib/aws-dynamodb";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Config, type StackContext } from "sst/constructs";
import { contactTableSchema, type KeyAttribute } from "../src/adapters/aws/table-schema";
import { compileMachines, stageConfig } from "./config";
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
    timeToLiveAttribute: schema.timeToLiveAttribute,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: config.production,
    removalPolicy,
  });
  for (const index of schema.globalSecondaryIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      projectionType: ProjectionType.ALL,
    });
  }

  // One dead-letter queue per asynchronously invoked function: what Lambda could not process after
  // its retries lands here, and the Alarms stack alarms on any visible message.
  const deadLetterQueue = (id: string) =>
    new Queue(stack, id, {
      retentionPeriod: Duration.days(14),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
  const deadLetterQueues = {
    sesEvents: deadLetterQueue("SesEventsDeadLetters"),
    inbound: deadLetterQueue("InboundDeadLetters"),
    executionEvents: deadLetterQueue("ExecutionEventsDeadLetters"),
  };

  // Values live in SSM (`npx sst secrets set …`); functions get them through binding.
  const secrets = {
    tokenKeys: new Config.Secret(stack, SECRET_NAMES.tokenKeys),
    slackWebhooks: new Config.Secret(stack, SECRET_NAMES.slackWebhooks),
    apiKeys: new Config.Secret(stack, SECRET_NAMES.apiKeys),
    signingSecrets: new Config.Secret(stack, SECRET_NAMES.signingSecrets),
  };

  stack.addOutputs({ TableName: table.tableName });
  return { workspace, config, table, deadLetterQueues, secrets };
}
