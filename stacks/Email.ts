import { Duration } from "aws-cdk-lib";
import { EventBus, Rule, RuleTargetInput, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { Effect, PolicyStatement } from "aws-cdk-lib/aws-iam";
import { BlockPublicAccess, Bucket, BucketEncryption } from "aws-cdk-lib/aws-s3";
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
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import { configurationSetEventName, SES_EVENT_TYPES } from "../src/adapters/aws/events/ses-event";
import { UNCERTAIN_SENDS_CHECK } from "../src/core/engine/uncertain-sends";
import { pascal } from "./config";
import { Data } from "./Data";
import { deploymentOf, handoffFunction } from "./lambda-functions";

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
  const { workspace, config, table, deadLetterQueues, secrets } = use(Data);

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

  if (config.manageIdentities) {
    for (const domain of config.identities) {
      // Easy DKIM, and a custom MAIL FROM so SPF aligns too (DMARC); SES falls back to its own
      // MAIL FROM until the MX and SPF records of bounce.<domain> exist.
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

  const deployment = deploymentOf(
    app.name,
    { config, table, workspace },
    configurationSet.configurationSetName,
  );

  const sesEvents = handoffFunction(stack, "SesEvents", deployment, {
    handler: "functions/ses-events.handler",
    description: "Handoff: SES engagement events from EventBridge",
    timeoutSeconds: 60,
    access: { startExecution: true, taskResponse: true, deleteItems: true },
    // No secrets: SES events name their email by tags, never by a signed link, and post nothing.
    secrets: [],
    deadLetterQueue: deadLetterQueues.sesEvents,
  });
  // Events EventBridge could not hand to Lambda (throttled for a day) land in their own queue.
  const undeliveredEvents = new Queue(stack, "SesEventsUndelivered", {
    retentionPeriod: Duration.days(14),
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
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

  // Sends that stayed uncertain are counted on a schedule (a metric stacks/Alarms.ts alarms on).
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

  let inbound: ReturnType<typeof handoffFunction> | undefined;
  let inboundBucket: Bucket | undefined;
  if (config.replyDomain) {
    inboundBucket = new Bucket(stack, "InboundMail", {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      lifecycleRules: [{ prefix: INBOUND_PREFIX, expiration: Duration.days(config.inboundRetentionDays) }],
      // Kept on `sst remove` (the default for buckets): raw replies are the record of what came in.
    });
    inbound = handoffFunction(stack, "Inbound", deployment, {
      handler: "functions/inbound.handler",
      description: "Handoff: replies received by SES",
      timeoutSeconds: 60,
      access: { startExecution: true, taskResponse: true, deleteItems: true },
      // The signing keys: it verifies the token of the reply+… address.
      secrets: [secrets.tokenKeys],
      deadLetterQueue: deadLetterQueues.inbound,
      environment: {
        HANDOFF_INBOUND_BUCKET: inboundBucket.bucketName,
        HANDOFF_INBOUND_PREFIX: INBOUND_PREFIX,
      },
    });
    inbound.addToRolePolicy(
      new PolicyStatement({
        sid: "ReadStoredReplies",
        effect: Effect.ALLOW,
        actions: ["s3:GetObject"],
        resources: [inboundBucket.arnForObjects(`${INBOUND_PREFIX}*`)],
      }),
    );
    // SES allows one active rule set per account and region: activate it once after the first
    // deploy (docs/deploy.md), or move the rule into the rule set that is already active.
    new ReceiptRuleSet(stack, "Replies", {
      receiptRuleSetName: `${app.stage}-${app.name}-replies`,
      rules: [
        {
          recipients: [config.replyDomain],
          scanEnabled: true,
          tlsPolicy: TlsPolicy.REQUIRE,
          actions: [
            new S3ReceiptAction({ bucket: inboundBucket, objectKeyPrefix: INBOUND_PREFIX }),
            new LambdaReceiptAction({ function: inbound, invocationType: LambdaInvocationType.EVENT }),
          ],
        },
      ],
    });
  }

  stack.addOutputs({ ConfigurationSet: configurationSet.configurationSetName });
  return { configurationSet, sesEvents, undeliveredEvents, inbound, inboundBucket };
}
