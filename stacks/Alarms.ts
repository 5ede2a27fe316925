import { ArnFormat, Duration } from "aws-cdk-lib";
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { type Stack, type StackContext, use } from "sst/constructs";
import {
  CONFIGURATION_SET_DIMENSION,
  METRICS_NAMESPACE,
  STALE_UNCERTAIN_SENDS,
} from "../src/adapters/aws/metrics";
import { pascal } from "./config";
import { Data } from "./Data";
import { Email } from "./Email";
import { NAG, suppress } from "./nag";
import { Workflows } from "./Workflows";

/** SES reviews an account above 5% bounces and 0.1% complaints: warn at less than half of that. */
export const BOUNCE_RATE_THRESHOLD = 0.02;
export const COMPLAINT_RATE_THRESHOLD = 0.0005;

/**
 * CloudWatch alarms to an SNS topic: the account's SES reputation (bounce and complaint rates),
 * sends that stayed uncertain, failed executions of every machine, and any message in any
 * dead-letter queue.
 */
export function Alarms({ stack }: StackContext) {
  const { config } = use(Data);
  const { configurationSet } = use(Email);
  const { machines, queues } = use(Workflows);

  const topic = new Topic(stack, "AlarmTopic", {
    displayName: `Handoff ${config.stage} alarms`,
    // CloudWatch publishes over TLS; the topic refuses anything that does not.
    enforceSSL: true,
  });
  allowAlarmsToPublish(stack, topic);
  if (config.alarmEmail)
    suppress(topic.addSubscription(new EmailSubscription(config.alarmEmail)), NAG.alarmEmail);
  const alarmAbove = alarmsTo(stack, new SnsAction(topic));

  const reputation = (metricName: string) =>
    new Metric({ namespace: "AWS/SES", metricName, statistic: "Maximum", period: Duration.hours(1) });
  alarmAbove("SesBounceRate", BOUNCE_RATE_THRESHOLD, {
    alarmDescription: `SES bounce rate above ${BOUNCE_RATE_THRESHOLD * 100}%: clean the lists before SES pauses sending`,
    metric: reputation("Reputation.BounceRate"),
  });
  alarmAbove("SesComplaintRate", COMPLAINT_RATE_THRESHOLD, {
    alarmDescription: `SES complaint rate above ${COMPLAINT_RATE_THRESHOLD * 100}%`,
    metric: reputation("Reputation.ComplaintRate"),
  });

  alarmAbove("StaleUncertainSends", 0, {
    alarmDescription:
      "An email's send stayed uncertain (SES never answered, and no SES event settled it): it may not have gone out. List them: GET /sends/uncertain (docs/deploy.md)",
    metric: new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: STALE_UNCERTAIN_SENDS,
      dimensionsMap: { [CONFIGURATION_SET_DIMENSION]: configurationSet.configurationSetName },
      statistic: "Maximum",
      period: Duration.minutes(15),
    }),
  });

  for (const { workflowId, stateMachine } of machines) {
    alarmAbove(`${pascal(workflowId)}ExecutionsFailed`, 0, {
      alarmDescription: `An execution of ${workflowId} failed: a contact stopped mid-workflow`,
      metric: stateMachine.metricFailed({ statistic: "Sum", period: Duration.minutes(5) }),
    });
  }

  // Named after the queue (its construct id: SesEventsDeadLetters, …).
  for (const queue of Object.values(queues)) {
    const id = queue.node.id;
    alarmAbove(`${id}Visible`, 0, {
      alarmDescription: `A message is waiting in ${id}: an event Handoff could not process`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        statistic: "Maximum",
        period: Duration.minutes(5),
      }),
    });
  }

  stack.addOutputs({ AlarmTopic: topic.topicArn });
  return { topic };
}

/**
 * The topic's policy (made by enforceSSL) replaces SNS's default one, which let the owner account
 * publish, and SnsAction adds no statement: without this Allow no alarm could publish. CloudWatch
 * may publish for this account's alarms only (aws:SourceAccount and aws:SourceArn guard against a
 * confused deputy: another account's alarm naming this topic).
 */
function allowAlarmsToPublish(stack: Stack, topic: Topic): void {
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: "CloudWatchAlarmsPublish",
      principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
      actions: ["sns:Publish"],
      resources: [topic.topicArn],
      conditions: {
        StringEquals: { "aws:SourceAccount": stack.account },
        ArnLike: {
          "aws:SourceArn": stack.formatArn({
            service: "cloudwatch",
            resource: "alarm",
            resourceName: "*",
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

/**
 * An alarm factory: each alarm fires when its metric is above the threshold in one period, treats
 * missing data as fine, and notifies `action`.
 */
function alarmsTo(stack: Stack, action: SnsAction) {
  return (id: string, threshold: number, props: Pick<AlarmProps, "alarmDescription" | "metric">) => {
    const alarm = new Alarm(stack, id, {
      ...props,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(action);
    return alarm;
  };
}
