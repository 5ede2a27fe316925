import { Duration } from "aws-cdk-lib";
import {
  Alarm,
  type AlarmProps,
  ComparisonOperator,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { type StackContext, use } from "sst/constructs";
import {
  CONFIGURATION_SET_DIMENSION,
  METRICS_NAMESPACE,
  STALE_UNCERTAIN_SENDS,
} from "../src/adapters/aws/metrics";
import { pascal } from "./config";
import { Data } from "./Data";
import { Email } from "./Email";
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
  const { config, deadLetterQueues } = use(Data);
  const { undeliveredEvents, configurationSet } = use(Email);
  const { machines } = use(Workflows);

  const topic = new Topic(stack, "AlarmTopic", { displayName: `Handoff ${config.stage} alarms` });
  if (config.alarmEmail) topic.addSubscription(new EmailSubscription(config.alarmEmail));
  const notify = new SnsAction(topic);
  const alarm = (id: string, props: AlarmProps) => {
    const created = new Alarm(stack, id, props);
    created.addAlarmAction(notify);
    return created;
  };

  const reputation = (metricName: string) =>
    new Metric({ namespace: "AWS/SES", metricName, statistic: "Maximum", period: Duration.hours(1) });
  alarm("SesBounceRate", {
    alarmDescription: `SES bounce rate above ${BOUNCE_RATE_THRESHOLD * 100}%: clean the lists before SES pauses sending`,
    metric: reputation("Reputation.BounceRate"),
    threshold: BOUNCE_RATE_THRESHOLD,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  alarm("SesComplaintRate", {
    alarmDescription: `SES complaint rate above ${COMPLAINT_RATE_THRESHOLD * 100}%`,
    metric: reputation("Reputation.ComplaintRate"),
    threshold: COMPLAINT_RATE_THRESHOLD,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });

  alarm("StaleUncertainSends", {
    alarmDescription:
      "An email's send stayed uncertain (SES never answered, and no SES event settled it): it may not have gone out. List them: GET /sends/uncertain (docs/deploy.md)",
    metric: new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: STALE_UNCERTAIN_SENDS,
      dimensionsMap: { [CONFIGURATION_SET_DIMENSION]: configurationSet.configurationSetName },
      statistic: "Maximum",
      period: Duration.minutes(15),
    }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });

  for (const { workflowId, stateMachine } of machines) {
    alarm(`${pascal(workflowId)}ExecutionsFailed`, {
      alarmDescription: `An execution of ${workflowId} failed: a contact stopped mid-workflow`,
      metric: stateMachine.metricFailed({ statistic: "Sum", period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  const queues: Record<string, IQueue> = {
    SesEventsDeadLetters: deadLetterQueues.sesEvents,
    InboundDeadLetters: deadLetterQueues.inbound,
    ExecutionEventsDeadLetters: deadLetterQueues.executionEvents,
    SesEventsUndelivered: undeliveredEvents,
  };
  for (const [id, queue] of Object.entries(queues)) {
    alarm(`${id}Visible`, {
      alarmDescription: `A message is waiting in ${id}: an event Handoff could not process`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        statistic: "Maximum",
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  stack.addOutputs({ AlarmTopic: topic.topicArn });
  return { topic };
}
