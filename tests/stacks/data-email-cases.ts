import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { contactTableSchema, createTableInput } from "../../src/adapters/aws/table-schema";
import { APP, STAGE, stackName, t } from "./built";
import { REGION } from "./cfn";
import { ACCOUNT } from "./offline-aws";

/** The Data stack (the contacts table) and the Email stack (configuration set, SES events, replies). */
export function dataAndEmailCases(): void {
  describe("Data", () => {
    it("one on-demand table from src/adapters/aws/table-schema.ts, with PITR and TTL, protected on production stages", () => {
      const data = Template.fromJSON(t.template(stackName("Data")));
      data.resourceCountIs("AWS::DynamoDB::Table", 1);
      // The same keys and index as the table the tests and the local runtime create.
      const { BillingMode, AttributeDefinitions, KeySchema, GlobalSecondaryIndexes } =
        createTableInput("any");
      data.hasResource("AWS::DynamoDB::Table", {
        DeletionPolicy: "Retain",
        UpdateReplacePolicy: "Retain",
        Properties: Match.objectLike({
          BillingMode,
          AttributeDefinitions,
          KeySchema,
          GlobalSecondaryIndexes,
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          TimeToLiveSpecification: { AttributeName: contactTableSchema.timeToLiveAttribute, Enabled: true },
        }),
      });
    });
  });

  describe("Email", () => {
    it("a configuration set publishing send, delivery, open, bounce, complaint and reject to EventBridge: no click (SES click tracking off)", () => {
      const email = Template.fromJSON(t.template(stackName("Email")));
      email.hasResourceProperties("AWS::SES::ConfigurationSet", { Name: `${STAGE}-${APP}` });
      // SES rewrites links for click tracking only for a configuration set that publishes clicks:
      // Handoff counts clicks on its own /r/ links, so SES must neither rewrite nor count them.
      email.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
        EventDestination: {
          Enabled: true,
          EventBridgeDestination: { EventBusArn: Match.anyValue() },
          MatchingEventTypes: ["send", "delivery", "open", "bounce", "complaint", "reject"],
        },
      });
      const [destination] = t.ofType("AWS::SES::ConfigurationSetEventDestination");
      const bus = t.resolve(destination!.stack, destination!.props.EventDestination) as {
        EventBridgeDestination: { EventBusArn: string };
      };
      expect(bus.EventBridgeDestination.EventBusArn).toBe(
        `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`,
      );
      const rule = t
        .ofType("AWS::Events::Rule")
        .find(
          (r) => (t.resolve(r.stack, r.props.EventPattern) as { source: string[] }).source[0] === "aws.ses",
        );
      const target = t.target(rule!.stack, (rule!.props.Targets as Array<{ Arn: unknown }>)[0]!.Arn);
      expect(target?.props.Handler).toBe("functions/ses-events.handler");
      expect(t.resolve(rule!.stack, rule!.props.EventPattern)).toMatchObject({
        source: ["aws.ses"],
        detail: {
          eventType: ["Send", "Delivery", "Open", "Bounce", "Complaint", "Reject"],
          mail: { tags: { "ses:configuration-set": [expect.stringMatching(/ConfigurationSet/)] } },
        },
      });
    });

    it("every 15 minutes, the SES events function counts the sends still uncertain", () => {
      const scheduled = t.ofType("AWS::Events::Rule").filter((r) => r.props.ScheduleExpression !== undefined);
      const check = scheduled.find((r) =>
        (r.props.Targets as Array<{ Input?: string }>).some((target) =>
          target.Input?.includes("uncertain-sends"),
        ),
      );
      expect(check?.props.ScheduleExpression).toBe("rate(15 minutes)");
      const [target] = check!.props.Targets as Array<{ Arn: unknown; Input: string }>;
      expect(t.target(check!.stack, target!.Arn)?.props.Handler).toBe("functions/ses-events.handler");
      expect(JSON.parse(target!.Input)).toEqual({ check: "uncertain-sends" });
    });

    it("replies: receipt rule to an encrypted, private S3 bucket with a 90-day expiry, then the inbound function", () => {
      const email = Template.fromJSON(t.template(stackName("Email")));
      email.hasResourceProperties("AWS::S3::Bucket", {
        BucketEncryption: { ServerSideEncryptionConfiguration: [Match.objectLike({})] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90, Status: "Enabled" })] },
      });
      const [rule] = t.ofType("AWS::SES::ReceiptRule");
      const actions = rule!.props.Rule as {
        Recipients: string[];
        Actions: Array<Record<string, Record<string, unknown>>>;
      };
      expect(actions.Recipients).toEqual(["reply.mail.acme.example"]);
      expect(actions.Actions.map((a) => Object.keys(a)[0])).toEqual(["S3Action", "LambdaAction"]);
      expect(t.target(rule!.stack, actions.Actions[0]!.S3Action!.BucketName)?.resource.Type).toBe(
        "AWS::S3::Bucket",
      );
      expect(t.target(rule!.stack, actions.Actions[1]!.LambdaAction!.FunctionArn)?.props.Handler).toBe(
        "functions/inbound.handler",
      );
      expect(actions.Actions[1]!.LambdaAction!.InvocationType).toBe("Event");
    });

    it("the inbound-mail bucket's server access logs go to a bucket of their own, written by S3's logging service", () => {
      const [rule] = t.ofType("AWS::SES::ReceiptRule");
      const store = (rule!.props.Rule as { Actions: Array<{ S3Action?: { BucketName: unknown } }> })
        .Actions[0]!;
      const inbound = t.target(rule!.stack, store.S3Action!.BucketName)!;
      const logging = inbound.props.LoggingConfiguration as {
        DestinationBucketName: unknown;
        LogFilePrefix: string;
      };
      const logs = t.target(inbound.stack, logging.DestinationBucketName)!;
      expect(logs.id).not.toBe(inbound.id);
      expect(logs.props).toMatchObject({
        BucketEncryption: { ServerSideEncryptionConfiguration: [expect.anything()] },
        PublicAccessBlockConfiguration: expect.objectContaining({ BlockPublicAcls: true }),
      });
      const policy = t
        .ofType("AWS::S3::BucketPolicy")
        .find((p) => t.target(p.stack, p.props.Bucket)?.id === logs.id)!;
      const statements = (t.resolve(policy.stack, policy.props.PolicyDocument) as { Statement: unknown[] })
        .Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `<${logs.stack}/${logs.id}.Arn>/${logging.LogFilePrefix}*`,
          Condition: expect.objectContaining({
            ArnLike: { "aws:SourceArn": `<${inbound.stack}/${inbound.id}.Arn>` },
          }),
        }),
      );
    });
  });
}
