/**
 * The app's cdk-nag suppressions (docs/deploy.md, "cdk-nag"). The AwsSolutions and Serverless packs
 * run on the synthesized stacks in the stack tests (tests/stacks/nag.test.ts); each finding that is
 * not fixed is suppressed here, at its resource, with the reason a reviewer reads. Nothing is
 * suppressed for a whole stack, and IAM5 (a wildcard) names the wildcard it accepts (appliesTo).
 * Reasons are plain ASCII: cdk-nag stores any other text base64-encoded in the template.
 */
import { CfnResource, type IAspect, Stack } from "aws-cdk-lib";
import { type NagPackSuppression, NagSuppressions } from "cdk-nag";
import type { IConstruct } from "constructs";

/** The finding id cdk-nag gives the AWS managed policy SST attaches to every function's role. */
const LAMBDA_LOGGING_POLICY =
  "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/** An IAM5 suppression for the resources matching `pattern` (a regular expression source). */
function wildcard(pattern: string, reason: string): NagPackSuppression {
  return { id: "AwsSolutions-IAM5", reason, appliesTo: [{ regex: `/^Resource::${pattern}$/` }] };
}

/** The same reason for several rules. */
const rules = (ids: string[], reason: string): NagPackSuppression[] => ids.map((id) => ({ id, reason }));

const STATES_ARN = "arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>";

/** Regular expression source matching `text` literally. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * The actions CDK grants Handoff's functions and state machines on Resource `*`: IAM authorizes each
 * only on `*`, so the `Resource::*` suppressions of NAG.functionTracing and NAG.stateMachinePolicy
 * accept these and nothing else (tests/stacks/least-privilege-cases.ts checks every `*` statement of
 * those policies against them; a new action here changes the reasons, so the docs table too).
 */
export const WILDCARD_RESOURCE_ACTIONS = {
  /**
   * Lambda active tracing: the function's X-Ray segments and the telemetry of their sending. X-Ray
   * defines no resource type for them (its resources are groups and sampling rules).
   */
  functionTracing: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
  /** Step Functions tracing: the same two, and the account's sampling rules and quotas, also `*`-only. */
  stateMachineTracing: [
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
  ],
  /**
   * Step Functions' logging to CloudWatch Logs, the policy its developer guide gives ("Logging using
   * CloudWatch Logs") and CDK adds: the vended-log delivery calls (*LogDelivery,
   * ListLogDeliveries) have no resource type; PutResourcePolicy and DescribeResourcePolicies act on
   * the account's Logs resource policies, not on a log group, and DescribeLogGroups lists the
   * account's groups (CloudWatch Logs' guide: a wildcard there, never one log group).
   */
  stateMachineLogDelivery: [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
  ],
} as const;

/** The actions as code, comma-separated, for a reason. */
const codeList = (actions: readonly string[]) => actions.map((action) => `\`${action}\``).join(", ");

const DEPLOY_HELPER =
  "A deploy-time helper: SST's CustomResourceHandler (stack metadata, sourcemap upload) or CDK's LogRetention (log groups' retention). CloudFormation invokes it during a deploy, and a failure fails the deploy.";

const QUEUE_CONSUMER =
  "Invoked by an SQS event source, not asynchronously: a failed message returns to WebhookDeliveries and, after its tries, the queue's redrive policy moves it to WebhookDeadLetters (alarmed). An on-failure destination does not apply to SQS sources.";

export const NAG = {
  /** Every Handoff function (stacks/lambda-functions.ts bundledFunction). */
  functionRuntime: rules(
    ["AwsSolutions-L1", "Serverless-LambdaLatestVersion"],
    "nodejs22.x on purpose (sst.config.ts): the runtime the handlers and their bundled AWS SDK are tested for. The packs want the newest runtime aws-cdk-lib knows (nodejs24.x); moving is its own tested change.",
  ),
  /** Every Handoff function's role. */
  functionRole: [
    {
      id: "AwsSolutions-IAM4",
      reason:
        "AWSLambdaBasicExecutionRole is Lambda's logging policy (logs:CreateLogGroup, CreateLogStream, PutLogEvents), attached by SST to every function role: the function writes its own log group and nothing else.",
      appliesTo: [LAMBDA_LOGGING_POLICY],
    },
  ] satisfies NagPackSuppression[],
  /** Every Handoff function's policy. */
  functionTracing: [
    wildcard(
      literal("*"),
      `X-Ray active tracing: ${codeList(WILDCARD_RESOURCE_ACTIONS.functionTracing)} have no resource-level permissions, so their resource is \`*\`; the policy's \`*\` statements hold those actions only.`,
    ),
  ],
  /** A function nothing invokes asynchronously, so Lambda's dead-letter queue would never receive anything. */
  invokedSynchronously: (caller: string): NagPackSuppression[] =>
    rules(
      ["Serverless-LambdaDLQ"],
      `Invoked synchronously by ${caller}: the caller gets the error and retries or records it; a Lambda dead-letter queue only receives failed asynchronous invocations.`,
    ),
  /** The webhook delivery function (stacks/Webhooks.ts): SQS hands it its messages. */
  queueConsumer: rules(["Serverless-LambdaDLQ"], QUEUE_CONSUMER),
  /** Its SQS event source mapping. */
  queueEventSource: rules(["Serverless-LambdaEventSourceMappingDestination"], QUEUE_CONSUMER),
  /** grants.ts: StartExecution, SendTask* on the machines. */
  machineQualifiers: [
    wildcard(
      `${literal(`${STATES_ARN}:stateMachine:`)}[a-z0-9-]+:\\*`,
      "`<machine ARN>:*` is a named Handoff machine's versions and aliases: executions start on its `live` alias (stacks/Workflows.ts), and task tokens answer executions of any version. Only the qualifier is open.",
    ),
  ],
  /** grants.ts: RedriveExecution on the executions. */
  executions: [
    wildcard(
      `${literal(`${STATES_ARN}:execution:`)}[a-z0-9-]+:\\*`,
      "Redrive acts on executions, named `execution:<machine>:<execution>`: the machine is named, only the execution (chosen at enrollment) is open.",
    ),
  ],
  /** grants.ts: the raw replies the receipt rule stores under `prefix`. */
  storedReplies: (prefix: string) => [
    wildcard(
      `.+${literal(`/${prefix}*`)}`,
      `The raw replies the receipt rule stores under \`${prefix}\` in the inbound-mail bucket, one object per SES message id (known only when the mail arrives); nothing else in the bucket.`,
    ),
  ],
  /** Every state machine's policy (stacks/Workflows.ts). */
  stateMachinePolicy: [
    wildcard(
      literal("*"),
      `Step Functions' X-Ray tracing (${codeList(WILDCARD_RESOURCE_ACTIONS.stateMachineTracing)}) and its CloudWatch Logs delivery (${codeList(WILDCARD_RESOURCE_ACTIONS.stateMachineLogDelivery)}) are authorized on \`*\` only; CDK grants them on \`*\` as AWS documents, and the policy's \`*\` statements hold those actions only.`,
    ),
    wildcard(
      "<Step[A-Za-z0-9]+\\.Arn>:\\*",
      "`<step function ARN>:*` is the versions and aliases of a step function this machine invokes (CDK's grantInvoke names the function and its qualifiers).",
    ),
  ],
  /** stacks/Data.ts failedEventsQueue. */
  deadLetterQueue: rules(
    ["AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy"],
    "This queue is itself a dead-letter queue: what could not be processed ends here, kept 14 days and alarmed on (stacks/Alarms.ts). A queue behind it would only move those messages away from the alarm.",
  ),
  /** Every route of the HTTP API (stacks/Api.ts). */
  apiRoute: rules(
    ["AwsSolutions-APIG4"],
    "Authentication is done in the function (functions/api.ts): keyed routes check an API key and its scope or a request signature (src/adapters/http/scopes.ts); the public routes (links in emails, the tracking script) are public on purpose and carry signed tokens or site keys.",
  ),
  /** The per-minute sweeps (SST Cron rules). */
  scheduleRule: rules(
    ["Serverless-EventBusDLQ"],
    "A once-a-minute schedule: a run EventBridge could not deliver is caught up by the next minute's run (the sweep reads what is due, not the event), and the function's own failures go to its dead-letter queue.",
  ),
  /** The alarm topic's email subscription (stacks/Alarms.ts). */
  alarmEmail: rules(
    ["Serverless-SNSRedrivePolicy"],
    "The alarm email subscription: SNS retries email delivery itself, and an alarm that could not be mailed still shows in CloudWatch (its state and history). A dead-letter queue for it would need an alarm mailing the same address.",
  ),
  /** SST's and CDK's deploy-time helper functions (SynthesizedResourceSuppressions). */
  deployHelperFunction: rules(
    [
      "AwsSolutions-L1",
      "Serverless-LambdaLatestVersion",
      "Serverless-LambdaDLQ",
      "Serverless-LambdaTracing",
      "Serverless-LambdaDefaultMemorySize",
    ],
    `${DEPLOY_HELPER} SST and CDK set its runtime, memory and tracing; the stacks do not configure them.`,
  ),
  /** Their roles. */
  deployHelperRole: rules(
    ["AwsSolutions-IAM4"],
    `${DEPLOY_HELPER} Its role is SST's or CDK's, with Lambda's logging policy (AWSLambdaBasicExecutionRole).`,
  ),
  /** Their policies. */
  deployHelperPolicy: rules(
    ["AwsSolutions-IAM5"],
    `${DEPLOY_HELPER} Its policy is SST's or CDK's: \`logs:PutRetentionPolicy\` on any log group (LogRetention), the objects of the CDK and SST bootstrap buckets (the sourcemap upload).`,
  ),
} satisfies Record<string, NagPackSuppression[] | ((arg: string) => NagPackSuppression[])>;

/** Suppressions on `construct`'s resource (its default child, for an L2 construct). */
export function suppress(construct: IConstruct, suppressions: NagPackSuppression[]): void {
  NagSuppressions.addResourceSuppressions(construct, suppressions);
}

/** A role's default policy (where addToRolePolicy puts statements), if it has one yet. */
export function defaultPolicyOf(role: IConstruct): IConstruct | undefined {
  return role.node.tryFindChild("DefaultPolicy");
}

/** Construct ids SST and CDK give their deploy-time helpers in every stack. */
const HELPER_IDS = [/^CustomResourceHandler$/, /^LogRetention[0-9a-f]{32}$/, /^SourcemapUploaderPolicy$/];

/** The helpers' suppressions, by the type of the resource (a helper holds a function, a role, policies). */
const HELPER_SUPPRESSIONS: Record<string, NagPackSuppression[]> = {
  "AWS::Lambda::Function": NAG.deployHelperFunction,
  "AWS::IAM::Role": NAG.deployHelperRole,
  "AWS::IAM::Policy": NAG.deployHelperPolicy,
};

/**
 * Suppressions on resources SST and CDK make after the stacks are defined, so no code of the stacks
 * can reach them; an aspect (added in sst.config.ts) runs when the app is synthesized, after them:
 * - NAG.deployHelper* on SST's and CDK's helper functions, roles and policies (SST adds the
 *   sourcemap uploader's policy when the app finishes);
 * - a role's overflow policies (CDK moves statements of a default policy over IAM's size limit
 *   into managed policies `OverflowPolicy<n>` at synthesis) get the suppressions of the default
 *   policy they were split from.
 */
export class SynthesizedResourceSuppressions implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    const helper = node.node.scopes.find(
      (scope) => scope.node.scope instanceof Stack && HELPER_IDS.some((id) => id.test(scope.node.id)),
    );
    const suppressions = HELPER_SUPPRESSIONS[node.cfnResourceType];
    if (helper && suppressions) suppress(node, suppressions);
    const overflow = node.node.scope;
    if (
      node.cfnResourceType === "AWS::IAM::ManagedPolicy" &&
      /^OverflowPolicy\d+$/.test(overflow?.node.id ?? "")
    ) {
      const role = overflow?.node.scope;
      const split = role && defaultPolicyOf(role)?.node.defaultChild;
      const stored = split instanceof CfnResource ? split.getMetadata("cdk_nag") : undefined;
      if (stored) node.addMetadata("cdk_nag", stored);
    }
  }
}
