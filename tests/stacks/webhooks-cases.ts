import { describe, expect, it } from "vitest";
import { WEBHOOK_MAX_ATTEMPTS } from "../../src/core/integrations/webhook-delivery";
import { actionsOf, env, handoffFunctions, stackName, statementsOf, t, WEBHOOK_DELIVERY } from "./built";
import { list } from "./cfn";

/** The Webhooks stack: the delivery queue, its dead-letter queue, the delivery function and who may do what. */
export function webhooksCases(): void {
  describe("Webhooks", () => {
    const queues = () => t.ofType("AWS::SQS::Queue").filter((q) => q.stack === stackName("Webhooks"));
    const deliveries = () => queues().find((q) => q.props.RedrivePolicy !== undefined)!;
    const arnOf = (q: { stack: string; id: string }) => `<${q.stack}/${q.id}.Arn>`;

    it("a delivery queue that moves a message to its dead-letter queue after the last try, both encrypted", () => {
      expect(queues()).toHaveLength(2);
      const queue = deliveries();
      const deadLetters = queues().find((q) => q !== queue)!;
      const policy = t.resolve(queue.stack, queue.props.RedrivePolicy) as Record<string, unknown>;
      expect(policy).toEqual({
        deadLetterTargetArn: arnOf(deadLetters),
        maxReceiveCount: WEBHOOK_MAX_ATTEMPTS,
      });
      for (const q of queues()) expect(q.props.SqsManagedSseEnabled, q.id).toBe(true);
      expect(deadLetters.props.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    });

    it("the delivery function reads the queue through an event source that reports each failed message", () => {
      const fn = handoffFunctions().get(WEBHOOK_DELIVERY)!;
      const [mapping] = t
        .ofType("AWS::Lambda::EventSourceMapping")
        .filter((m) => t.target(m.stack, m.props.FunctionName)?.id === fn.id);
      expect(mapping).toBeDefined();
      expect(t.resolve(mapping!.stack, mapping!.props.EventSourceArn)).toBe(arnOf(deliveries()));
      expect(mapping!.props.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
      const variables = t.resolve(fn.stack, env(fn)) as Record<string, string>;
      expect(variables.HANDOFF_WEBHOOK_QUEUE_URL).toBe(`<${deliveries().stack}/${deliveries().id}>`);
      expect(variables.HANDOFF_TABLE).toBeUndefined();
    });

    it("least privilege: the delivery function touches only its queue and its secret; the others may only send to the queue", () => {
      const queueArn = arnOf(deliveries());
      for (const [handler, fn] of handoffFunctions()) {
        const statements = statementsOf(fn);
        const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("sqs:")));
        const onQueue = sqs.filter((s) => list(s.Resource).includes(queueArn));
        if (handler === WEBHOOK_DELIVERY) {
          expect(sqs.length, handler).toBeGreaterThan(0);
          for (const s of sqs) expect(list(s.Resource), handler).toEqual([queueArn]);
          const services = new Set(statements.flatMap((s) => actionsOf(s).map((a) => a.split(":")[0])));
          expect([...services].sort(), handler).toEqual(expect.arrayContaining(["sqs", "ssm"]));
          for (const service of ["dynamodb", "states", "ses", "s3"])
            expect(services.has(service), handler).toBe(false);
          continue;
        }
        expect(onQueue, handler).toHaveLength(1);
        expect(actionsOf(onQueue[0]!), handler).toEqual(["sqs:SendMessage"]);
        const variables = t.resolve(fn.stack, env(fn)) as Record<string, string>;
        expect(variables.HANDOFF_WEBHOOK_QUEUE_URL, handler).toBe(
          `<${deliveries().stack}/${deliveries().id}>`,
        );
      }
    });
  });
}
