import { Aws, Duration } from "aws-cdk-lib";
import { EventBus, Rule, RuleTargetInput, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption, type CfnBucket } from "aws-cdk-lib/aws-s3";
import {
  ConfigurationSet,
  EmailIdentity,
  type EmailSendingEvent,
  EventDestination,
  Identity,
  MailFromBehaviorOnMxFailure,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
} from "aws-cdk-lib/aws-ses";
import {
  LambdaInvocationType,
  Lambda as LambdaReceiptAction,
  S3 as S3ReceiptAction,
} from "aws-cdk-lib/aws-ses-actions";
import { type Stack, type StackContext, use } from "sst/constructs";
import { configurationSetEventName, SES_EVENT_TYPES } from "../src/adapters/aws/events/ses-event";
import { UNCERTAIN_SENDS_CHECK } from "../src/core/engine/uncertain-sends";
import { pascal } from "./config";
import { Data, failedEventsQueue } from "./Data";
import { grantReadReplies } from "./grants";
import { type Deployment, ENTRY_FUNCTIONS, handoffFunction, withConfigurationSet } from "./lambda-functions";
import { Webhooks } from "./Webhooks";

/**
 * The SES events Handoff receives, as the configuration set names them: SES_EVENT_TYPES, the list
 * the adapter maps (src/adapters/aws/events/ses-event.ts; no click, Handoff counts its own).
 */
export const TRACKED_SES_EVENTS = SES_EVENT_TYPES.map(
  (type) => configurationSetEventName(type) as EmailSendingEvent,
);

/** Where the receipt rule stores raw replies; functions/inbound.ts reads `${prefix}${messageId}`. */
export const INBOUND_PREFIX = "inbound/";

/**
 * Sending (configuration set → EventBridge → the SES events function) and, when the stage has a
 * reply domain, receiving (receipt rule → S3 → the inbound function).
 */
export function Email({ stack, app }: StackContext) {
  const data = use(Data);
  const configurationSet = sendingConfigurationSet(stack, app);
  if (data.config.manageIdentities) domainIdentities(stack, data.config.identities, configurationSet);
  // The deployment every function of the app is given (the Workflows and Api stacks take it from here).
  const webhooks = use(Webhooks);
  const deployment = withConfigurationSet(data, configurationSet.configurationSetName, webhooks.queue);
  const { sesEvents, undeliveredEvents } = sesEventsFunction(stack, deployment, configurationSet);
  const replies = data.config.replyDomain
    ? receiveReplies(stack, deployment, {
        replyDomain: data.config.replyDomain,
        ruleSetName: `${app.stage}-${app.name}-replies`,
      })
    : undefined;
  // Every queue of the app that holds events Handoff could not process: messages there may name a contact.
  const queues = {
    ...data.deadLetterQueues,
    sesEventsUndelivered: undeliveredEvents,
    webhookDeliveries: webhooks.deadLetters,
  };

  stack.addOutputs({ ConfigurationSet: configurationSet.configurationSetName });
  return {
    configurationSet,
    deployment,
    queues,
    sesEvents,
    undeliveredEvents,
    inbound: replies?.inbound,
    inboundBucket: replies?.inboundBucket,
  };
}

/** The stage's configuration set, publishing the tracked SES events to the default event bus. */
function sendingConfigurationSet(stack: Stack, app: { stage: string; name: string }): ConfigurationSet {
  const configurationSet = new ConfigurationSet(stack, "ConfigurationSet", {
    configurationSetName: `${app.stage}-${app.name}`,
    reputationMetrics: true,
    sendingEnabled: true,
    suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
  });
  configurationSet.addEventDestination("ToEventBridge", {
    destination: EventDestination.eventBus(EventBus.fromEventBusName(stack, "DefaultBus", "default")),
    events: TRACKED_SES_EVENTS,
  });
  return configurationSet;
}

/**
 * Easy DKIM, and a custom MAIL FROM so SPF aligns too (DMARC); SES falls back to its own MAIL FROM
 * until the MX and SPF records of bounce.<domain> exist. The DKIM records are stack outputs.
 */
function domainIdentities(stack: Stack, domains: string[], configurationSet: ConfigurationSet): void {
  for (const domain of domains) {
    const identity = new EmailIdentity(stack, `Identity${pascal(domain)}`, {
      identity: Identity.domain(domain),
      configurationSet,
      mailFromDomain: `bounce.${domain}`,
      mailFromBehaviorOnMxFailure: MailFromBehaviorOnMxFailure.USE_DEFAULT_VALUE,
    });
    identity.dkimRecords.forEach((record, i) => {
      stack.addOutputs({ [`Dkim${pascal(domain)}${i + 1}`]: `${record.name} CNAME ${record.value}` });
    });
  }
}

/**
 * The SES events function: EventBridge hands it the configuration set's events, and a schedule
 * has it count the sends that stayed uncertain (a metric stacks/Alarms.ts alarms on).
 */
function sesEventsFunction(stack: Stack, deployment: Deployment, configurationSet: ConfigurationSet) {
  const sesEvents = handoffFunction(stack, "SesEvents", deployment, {
    ...ENTRY_FUNCTIONS.sesEvents,
    deadLetterQueue: deployment.deadLetterQueues.sesEvents,
  });
  // Events EventBridge could not hand to Lambda (throttled for a day) land in their own queue.
  const undeliveredEvents = failedEventsQueue(stack, "SesEventsUndelivered");
  new Rule(stack, "SesEventsRule", {
    description: `SES events of configuration set ${configurationSet.configurationSetName}`,
    eventPattern: {
      source: ["aws.ses"],
      detail: {
        eventType: [...SES_EVENT_TYPES],
        mail: { tags: { "ses:configuration-set": [configurationSet.configurationSetName] } },
      },
    },
    targets: [
      new LambdaFunction(sesEvents, {
        deadLetterQueue: undeliveredEvents,
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      }),
    ],
  });
  new Rule(stack, "UncertainSendsCheck", {
    description: "Handoff: count the sends no SES event settled (GET /sends/uncertain lists them)",
    schedule: Schedule.rate(Duration.minutes(15)),
    targets: [
      new LambdaFunction(sesEvents, {
        event: RuleTargetInput.fromObject(UNCERTAIN_SENDS_CHECK),
        deadLetterQueue: undeliveredEvents,
        retryAttempts: 2,
      }),
    ],
  });
  return { sesEvents, undeliveredEvents };
}

/** Replies to reply+…@<replyDomain>: a receipt rule stores them in S3, then invokes the inbound function. */
function receiveReplies(
  stack: Stack,
  deployment: Deployment,
  { replyDomain, ruleSetName }: { replyDomain: string; ruleSetName: string },
) {
  const inboundBucket = new Bucket(stack, "InboundMail", {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    lifecycleRules: [
      { prefix: INBOUND_PREFIX, expiration: Duration.days(deployment.config.inboundRetentionDays) },
    ],
    // Kept on `sst remove` (the default for buckets): raw replies are the record of what came in.
  });
  logAccess(stack, inboundBucket, deployment.config.inboundRetentionDays);
  const inbound = handoffFunction(stack, "Inbound", deployment, {
    ...ENTRY_FUNCTIONS.inbound,
    deadLetterQueue: deployment.deadLetterQueues.inbound,
    environment: { HANDOFF_INBOUND_BUCKET: inboundBucket.bucketName, HANDOFF_INBOUND_PREFIX: INBOUND_PREFIX },
  });
  grantReadReplies(inbound, inboundBucket, INBOUND_PREFIX);
  // SES allows one active rule set per account and region: activate it once after the first
  // deploy (docs/deploy.md), or move the rule into the rule set that is already active.
  new ReceiptRuleSet(stack, "Replies", {
    receiptRuleSetName: ruleSetName,
    rules: [
      {
        recipients: [replyDomain],
        scanEnabled: true,
        tlsPolicy: TlsPolicy.REQUIRE,
        actions: [
          new S3ReceiptAction({ bucket: inboundBucket, objectKeyPrefix: INBOUND_PREFIX }),
          new LambdaReceiptAction({ function: inbound, invocationType: LambdaInvocationType.EVENT }),
        ],
      },
    ],
  });
  return { inbound, inboundBucket };
}

/** Where S3 writes the inbound-mail bucket's server access logs. */
const ACCESS_LOG_PREFIX = "inbound-mail/";

/**
 * Server access logs of `bucket` (who read or deleted a stored reply) in a bucket of their own,
 * kept as long as the replies (cdk-nag's S1 takes a bucket other buckets log to as logged). S3's logging service writes them under a bucket policy (the bucket
 * owner owns every object; no ACL), set here rather than by CDK's serverAccessLogsBucket, which
 * without its feature flag grants the log bucket's ACL instead.
 */
function logAccess(stack: Stack, bucket: Bucket, retentionDays: number): Bucket {
  const logs = new Bucket(stack, "InboundMailAccessLogs", {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    lifecycleRules: [{ expiration: Duration.days(retentionDays) }],
  });
  logs.addToResourcePolicy(
    new PolicyStatement({
      sid: "S3ServerAccessLogs",
      effect: Effect.ALLOW,
      principals: [new ServicePrincipal("logging.s3.amazonaws.com")],
      actions: ["s3:PutObject"],
      resources: [logs.arnForObjects(`${ACCESS_LOG_PREFIX}*`)],
      conditions: {
        ArnLike: { "aws:SourceArn": bucket.bucketArn },
        StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
      },
    }),
  );
  (bucket.node.defaultChild as CfnBucket).loggingConfiguration = {
    destinationBucketName: logs.bucketName,
    logFilePrefix: ACCESS_LOG_PREFIX,
  };
  return logs;
}
