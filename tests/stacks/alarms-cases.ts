import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import {
  actionsOf,
  deadLetterQueues,
  handoffFunctions,
  stackName,
  stateMachines,
  statementsOf,
  t,
} from "./built";
import { type Located, list, type PolicyStatement, REGION } from "./cfn";
import { ACCOUNT } from "./offline-aws";

/** The Alarms stack: SES reputation, uncertain sends, failed executions, dead-letter queues. */
export function alarmsCases(): void {
  describe("Alarms", () => {
    const alarms = () => t.ofType("AWS::CloudWatch::Alarm");
    const hasActions = (alarm: Located) => list(alarm.props.AlarmActions as unknown[]).length > 0;
    /** Exactly one alarm on the metric with this dimension: above 0, and it notifies. */
    const expectOneAlarmAboveZero = (
      namespace: string,
      metricName: string,
      dimension: { Name: string; Value: string },
    ) => {
      const found = alarms().filter((alarm) => {
        const dimensions = t.resolve(alarm.stack, alarm.props.Dimensions) as (typeof dimension)[] | undefined;
        return (
          alarm.props.Namespace === namespace &&
          alarm.props.MetricName === metricName &&
          (dimensions ?? []).some((d) => d.Name === dimension.Name && d.Value === dimension.Value)
        );
      });
      expect(found, dimension.Value).toHaveLength(1);
      expect(found[0]!.props).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(hasActions(found[0]!)).toBe(true);
    };

    it("SES bounce rate over 2% and complaint rate over 0.05%", () => {
      const alarmsStack = Template.fromJSON(t.template(stackName("Alarms")));
      for (const [metric, threshold] of [
        ["Reputation.BounceRate", 0.02],
        ["Reputation.ComplaintRate", 0.0005],
      ] as const) {
        alarmsStack.hasResourceProperties("AWS::CloudWatch::Alarm", {
          Namespace: "AWS/SES",
          MetricName: metric,
          Threshold: threshold,
          ComparisonOperator: "GreaterThanThreshold",
          AlarmActions: Match.anyValue(),
        });
      }
    });

    it("failed executions of every state machine", () => {
      for (const machine of stateMachines()) {
        const dimension = { Name: "StateMachineArn", Value: `<${machine.stack}/${machine.id}>` };
        expectOneAlarmAboveZero("AWS/States", "ExecutionsFailed", dimension);
      }
    });

    it("any send still uncertain after the grace period (the SES events function's metric)", () => {
      const found = alarms().filter(
        (alarm) => alarm.props.Namespace === "Handoff" && alarm.props.MetricName === "StaleUncertainSends",
      );
      expect(found).toHaveLength(1);
      expect(found[0]!.props).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(t.resolve(found[0]!.stack, found[0]!.props.Dimensions)).toEqual([
        { Name: "ConfigurationSet", Value: expect.stringMatching(/ConfigurationSet/) },
      ]);
      expect(hasActions(found[0]!)).toBe(true);
    });

    it("the alarm topic lets exactly this account's CloudWatch alarms publish, and only over TLS", () => {
      // A topic policy replaces SNS's default one (which lets the owner account publish), so the
      // alarms publish only if it allows them: CloudWatch, for alarms of this account only.
      const [topic] = t.ofType("AWS::SNS::Topic");
      const statements = resourcePolicyStatements(topic!, { type: "AWS::SNS::TopicPolicy", names: "Topics" });
      const topicArn = `<${topic!.stack}/${topic!.id}>`;
      expect(statements.filter((statement) => statement.Effect === "Allow")).toEqual([
        expect.objectContaining({
          Principal: { Service: "cloudwatch.amazonaws.com" },
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: {
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:*` },
          },
        }),
      ]);
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: "Deny",
          Principal: "*",
          Action: "sns:Publish",
          Resource: topicArn,
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        }),
      );
      // Every alarm notifies this topic.
      for (const alarm of alarms())
        expect(t.resolve(alarm.stack, alarm.props.AlarmActions), alarm.id).toEqual([topicArn]);
    });

    it("what fails reaches its dead-letter queue: a function's through its role, a rule target's through the queue policy, which still refuses non-TLS", () => {
      const queueStatements = (queue: Located) =>
        resourcePolicyStatements(queue, { type: "AWS::SQS::QueuePolicy", names: "Queues" });
      const arnOf = (queue: Located) => `<${queue.stack}/${queue.id}.Arn>`;
      for (const queue of deadLetterQueues())
        expect(queueStatements(queue), queue.id).toContainEqual(
          expect.objectContaining({
            Effect: "Deny",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        );
      // Lambda sends a failed asynchronous invocation to the queue as the function's role.
      const functionQueues = [...handoffFunctions().values()].flatMap((fn) => {
        const queue = t.target(fn.stack, (fn.props.DeadLetterConfig as { TargetArn?: unknown })?.TargetArn);
        return queue ? [{ fn, queue }] : [];
      });
      expect(functionQueues.length).toBeGreaterThanOrEqual(5);
      for (const { fn, queue } of functionQueues)
        expect(
          statementsOf(fn).some(
            (s) =>
              s.Effect === "Allow" &&
              actionsOf(s).includes("sqs:SendMessage") &&
              list(s.Resource).includes(arnOf(queue)),
          ),
          `${fn.props.Handler} -> ${queue.id}`,
        ).toBe(true);
      // EventBridge sends an event it could not deliver as itself: the queue must allow that rule.
      const ruleQueues = t.ofType("AWS::Events::Rule").flatMap((rule) =>
        (rule.props.Targets as Array<{ DeadLetterConfig?: { Arn: unknown } }>).flatMap((target) => {
          const queue = t.target(rule.stack, target.DeadLetterConfig?.Arn);
          return queue ? [{ rule, queue }] : [];
        }),
      );
      expect(ruleQueues.length).toBeGreaterThanOrEqual(3);
      for (const { rule, queue } of ruleQueues)
        expect(queueStatements(queue), `${rule.id} -> ${queue.id}`).toContainEqual(
          expect.objectContaining({
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arnOf(queue),
            Condition: { ArnEquals: { "aws:SourceArn": `<${rule.stack}/${rule.id}.Arn>` } },
          }),
        );
    });

    it("any message visible in any dead-letter queue", () => {
      const queues = deadLetterQueues();
      expect(queues.length).toBeGreaterThanOrEqual(2);
      for (const queue of queues) {
        const dimension = { Name: "QueueName", Value: `<${queue.stack}/${queue.id}.QueueName>` };
        expectOneAlarmAboveZero("AWS/SQS", "ApproximateNumberOfMessagesVisible", dimension);
      }
    });
  });
}

/**
 * The statements of the resource policies of `target`: policies of `type` (in its stack) that list
 * it under `names` (Topics, Queues).
 */
function resourcePolicyStatements(target: Located, { type, names }: { type: string; names: string }) {
  return t
    .ofType(type)
    .filter(
      (policy) =>
        policy.stack === target.stack &&
        list(policy.props[names] as unknown[]).some((ref) => t.target(policy.stack, ref)?.id === target.id),
    )
    .flatMap((policy) =>
      list((t.resolve(policy.stack, policy.props.PolicyDocument) as { Statement: unknown[] }).Statement),
    ) as PolicyStatement[];
}
