/**
 * Least privilege: one grant function per thing a Handoff function may reach, and the table of
 * needs that decides which of them a function gets and which secrets it is bound. The needs of the
 * step functions are src/core/step-lambdas.ts FUNCTION_NEEDS (the same list the handlers and the
 * ASL follow); those of the other entry points are in stacks/lambda-functions.ts ENTRY_FUNCTIONS.
 */
import { Aws } from "aws-cdk-lib";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import type { NagPackSuppression } from "cdk-nag";
import type { Config } from "sst/constructs";
import { GSI1 } from "../src/adapters/aws/table-schema";
import { LIST_INDEXES } from "../src/adapters/single-table/contact-lists";
import { START_INDEX } from "../src/adapters/single-table/scheduled-starts";
import type { FunctionNeeds } from "../src/core/step-lambdas";
import type { Deployment, Secrets } from "./lambda-functions";
import { executionResources, machineResources } from "./machine-arns";
import { defaultPolicyOf, NAG, suppress } from "./nag";

/** The only DynamoDB calls the store makes (src/adapters/aws/dynamodb-table.ts). */
export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
];

/** What a function may reach besides the table: the step functions' needs, and two more. */
export type Access = FunctionNeeds & {
  /**
   * Deletes table items (dynamodb:DeleteItem): the API erases contacts, and every function that
   * ingests events removes a late event of an erased contact.
   */
  deleteItems?: boolean;
  /** Verifies API keys and request signatures: bound HANDOFF_API_KEYS and HANDOFF_SIGNING_SECRETS. */
  apiKeys?: boolean;
  /** Lists contacts (the read API): dynamodb:Query on the contact list indexes, nothing else there. */
  listContacts?: boolean;
  /** Lists the scheduled starts (the start-due sweep): dynamodb:Query on their index, nothing else there. */
  scheduledStarts?: boolean;
};

interface Allowed {
  sid: string;
  actions: string[];
  resources: string[];
  conditions?: Record<string, Record<string, string[]>>;
  /** Why a resource ends in a wildcard (cdk-nag's IAM5, stacks/nag.ts), when one does. */
  wildcards?: NagPackSuppression[];
}

function allow(fn: IFunction, { sid, actions, resources, conditions, wildcards }: Allowed): void {
  fn.addToRolePolicy(
    new PolicyStatement({
      sid,
      effect: Effect.ALLOW,
      actions,
      resources,
      ...(conditions ? { conditions } : {}),
    }),
  );
  // The statement went into the role's default policy (made by the first addToRolePolicy).
  const policy = fn.role && defaultPolicyOf(fn.role);
  if (wildcards && policy) suppress(policy, wildcards);
}

/** Every function: the store's four calls on the contacts table and its index. */
export function grantTable(fn: IFunction, d: Deployment): void {
  const { tableArn } = d.table;
  allow(fn, {
    sid: "ContactsTable",
    actions: TABLE_ACTIONS,
    resources: [tableArn, `${tableArn}/index/${GSI1}`],
  });
}

/** The contact list indexes (src/adapters/single-table/contact-lists.ts): queried, never written. */
export function grantListContacts(fn: IFunction, d: Deployment): void {
  const { tableArn } = d.table;
  allow(fn, {
    sid: "ListContacts",
    actions: ["dynamodb:Query"],
    resources: Object.values(LIST_INDEXES).map((index) => `${tableArn}/index/${index.indexName}`),
  });
}

/** The scheduled-starts index (src/adapters/single-table/scheduled-starts.ts): queried, never written. */
export function grantScheduledStarts(fn: IFunction, d: Deployment): void {
  allow(fn, {
    sid: "ListScheduledStarts",
    actions: ["dynamodb:Query"],
    resources: [`${d.table.tableArn}/index/${START_INDEX.indexName}`],
  });
}

export function grantDeleteItems(fn: IFunction, d: Deployment): void {
  allow(fn, { sid: "DeleteContactItems", actions: ["dynamodb:DeleteItem"], resources: [d.table.tableArn] });
}

/** ses:SendEmail as the stage's identities, through its configuration set, from its From addresses only. */
export function grantSendEmail(fn: IFunction, d: Deployment): void {
  const ses = (resource: string) => `arn:${Aws.PARTITION}:ses:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
  allow(fn, {
    sid: "SendAsHandoffSenders",
    actions: ["ses:SendEmail"],
    resources: [
      ...d.config.identities.map((identity) => ses(`identity/${identity}`)),
      ses(`configuration-set/${d.configurationSetName}`),
    ],
    conditions: { StringLike: { "ses:FromAddress": d.config.fromAddresses } },
  });
}

export function grantStartExecutions(fn: IFunction, d: Deployment): void {
  allow(fn, {
    sid: "StartHandoffMachines",
    actions: ["states:StartExecution"],
    resources: machineResources(d),
    wildcards: NAG.machineQualifiers,
  });
}

export function grantTaskResponses(fn: IFunction, d: Deployment): void {
  allow(fn, {
    sid: "AnswerHandoffTasks",
    actions: ["states:SendTaskSuccess", "states:SendTaskFailure"],
    resources: machineResources(d),
    wildcards: NAG.machineQualifiers,
  });
}

export function grantRedrive(fn: IFunction, d: Deployment): void {
  allow(fn, {
    sid: "RedriveHandoffExecutions",
    actions: ["states:RedriveExecution"],
    resources: executionResources(d),
    wildcards: NAG.executions,
  });
}

/** Erasure and export: scan the queues for messages that name a contact, and delete them. */
export function grantScanDeadLetters(fn: IFunction, queues: IQueue[]): void {
  allow(fn, {
    sid: "ScanDeadLetters",
    actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
    resources: queues.map((queue) => queue.queueArn),
  });
}

/** Webhook events (stacks/Webhooks.ts): queued, and nothing else done with the queue. */
export function grantPublishWebhooks(fn: IFunction, queue: IQueue): void {
  allow(fn, { sid: "PublishWebhookEvents", actions: ["sqs:SendMessage"], resources: [queue.queueArn] });
}

/** The raw replies the receipt rule stores under `prefix`. */
export function grantReadReplies(fn: IFunction, bucket: IBucket, prefix: string): void {
  allow(fn, {
    sid: "ReadStoredReplies",
    actions: ["s3:GetObject"],
    resources: [bucket.arnForObjects(`${prefix}*`)],
    wildcards: NAG.storedReplies(prefix),
  });
}

/** Erasure and export: read and delete a contact's raw replies. */
export function grantReadAndEraseReplies(fn: IFunction, bucket: IBucket, prefix: string): void {
  allow(fn, {
    sid: "ReadAndEraseStoredReplies",
    actions: ["s3:GetObject", "s3:DeleteObject"],
    resources: [bucket.arnForObjects(`${prefix}*`)],
    wildcards: NAG.storedReplies(prefix),
  });
}

type Grant = (fn: IFunction, d: Deployment) => void;

/**
 * What each need gets: a grant, or secrets to bind. Every need has an entry (a need added to
 * FunctionNeeds does not compile until it has one); the order is the order of the role's statements
 * and of the bound secrets.
 */
const BY_NEED: { [need in keyof Required<Access>]: { grant?: Grant; secrets?: Array<keyof Secrets> } } = {
  deleteItems: { grant: grantDeleteItems },
  sendEmail: { grant: grantSendEmail },
  startExecution: { grant: grantStartExecutions },
  taskResponse: { grant: grantTaskResponses },
  redrive: { grant: grantRedrive },
  linkTokens: { secrets: ["tokenKeys"] },
  slackPosts: { secrets: ["slackWebhooks"] },
  // Absent on a stage without settings.integrations.asana: nothing is bound.
  taskTracker: { secrets: ["asanaToken"] },
  apiKeys: { secrets: ["apiKeys", "signingSecrets"] },
  listContacts: { grant: grantListContacts },
  scheduledStarts: { grant: grantScheduledStarts },
};

function entriesFor(needs: Access) {
  return (Object.keys(BY_NEED) as Array<keyof Access>)
    .filter((need) => needs[need])
    .map((need) => BY_NEED[need]);
}

/** The secrets a function with these needs is bound (and so may read); no other. */
export function boundSecrets(needs: Access, secrets: Secrets): Config.Secret[] {
  return entriesFor(needs).flatMap((entry) =>
    (entry.secrets ?? []).flatMap((name) => (secrets[name] ? [secrets[name]] : [])),
  );
}

/** The table, then a grant per need. */
export function grantNeeds(fn: IFunction, d: Deployment, needs: Access): void {
  grantTable(fn, d);
  for (const entry of entriesFor(needs)) entry.grant?.(fn, d);
}
