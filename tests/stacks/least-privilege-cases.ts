import { describe, expect, it } from "vitest";
import { GSI1 } from "../../src/adapters/aws/table-schema";
import { LIST_INDEXES } from "../../src/adapters/single-table/contact-lists";
import { START_INDEX } from "../../src/adapters/single-table/scheduled-starts";
import { WILDCARD_RESOURCE_ACTIONS } from "../../stacks/nag";
import {
  actionsOf,
  deadLetterQueues,
  env,
  handoffFunctions,
  machineArn,
  stateMachines,
  statementsOf,
  TABLE_ACTIONS,
  t,
  WEBHOOK_DELIVERY,
  workflowFiles,
} from "./built";
import { list, type PolicyStatement, REGION } from "./cfn";
import { ACCOUNT } from "./offline-aws";

/** The IAM statements of the whole app: each function may do what its needs name, on Handoff's resources only. */
export function leastPrivilegeCases(): void {
  describe("least privilege", () => {
    const SERVICES = ["states", "dynamodb", "ses", "s3", "sqs"];

    it("every statement that grants ses:SendEmail names its resources and has a ses:FromAddress condition", () => {
      const sends = t
        .statements()
        .filter(({ statement }) =>
          actionsOf(statement).some((a) => a === "*" || /^ses:(\*|SendEmail|Send\*)$/i.test(a)),
        );
      expect(sends.length).toBeGreaterThan(0);
      for (const { statement, id } of sends) {
        const resources = list(statement.Resource);
        expect(resources.length, id).toBeGreaterThan(0);
        for (const resource of resources) {
          expect(resource, id).not.toBe("*");
          expect(resource, id).toMatch(
            new RegExp(`^arn:aws:ses:${REGION}:${ACCOUNT}:(identity/[a-z0-9.@-]+|configuration-set/<.+>)$`),
          );
        }
        const from = list(statement.Condition?.StringLike?.["ses:FromAddress"]);
        expect(from.length, id).toBeGreaterThan(0);
        expect(from).toContain("*@mail.acme.example");
        expect(from).not.toContain("*");
      }
      const senders = [...handoffFunctions()].filter(([, fn]) =>
        statementsOf(fn).some((s) => actionsOf(s).includes("ses:SendEmail")),
      );
      expect(senders.map(([handler]) => handler)).toEqual(["functions/step.sendEmail"]);
    });

    it("no statement grants states:*, dynamodb:*, ses:*, s3:*, sqs:* or Resource * for those services", () => {
      for (const { statement, stack, id } of t.statements()) {
        if (statement.Effect !== "Allow") continue;
        const where = `${stack}/${id}: ${JSON.stringify(statement).slice(0, 300)}`;
        expect(statement.NotAction, where).toBeUndefined();
        for (const action of actionsOf(statement)) {
          expect(action, where).not.toBe("*");
          const [service, name] = action.toLowerCase().split(":");
          if (!SERVICES.includes(service!)) continue;
          expect(name, where).not.toContain("*");
          for (const resource of list(statement.Resource)) expect(resource, where).not.toBe("*");
        }
      }
    });

    it("a statement on Resource * in a function's or a state machine's policies holds only the X-Ray and log delivery actions IAM authorizes on * alone", () => {
      // The `Resource::*` IAM5 suppressions (stacks/nag.ts) cover these policies whole: this keeps
      // them from hiding any other action on `*`.
      const { functionTracing, stateMachineTracing, stateMachineLogDelivery } = WILDCARD_RESOURCE_ACTIONS;
      const owners = [
        ...[...handoffFunctions()].map(([name, resource]) => ({ name, resource, allowed: functionTracing })),
        ...stateMachines().map((resource) => ({
          name: String(resource.props.StateMachineName),
          resource,
          allowed: [...stateMachineTracing, ...stateMachineLogDelivery],
        })),
      ];
      for (const { name, resource, allowed } of owners) {
        const onAnything = statementsOf(resource).filter((s) => list(s.Resource).includes("*"));
        for (const statement of onAnything) {
          const where = `${name}: ${JSON.stringify(statement)}`;
          expect(statement.Effect, where).toBe("Allow");
          expect(statement.NotAction, where).toBeUndefined();
          expect(
            actionsOf(statement).filter((action) => !(allowed as readonly string[]).includes(action)),
            where,
          ).toEqual([]);
        }
        // Traced and logged: each grants exactly these on `*`.
        expect(onAnything.flatMap(actionsOf).sort(), name).toEqual([...allowed].sort());
      }
    });

    it("Step Functions actions only on Handoff's machines, their versions and aliases (redrive: their executions)", () => {
      const allowed = new Set(workflowFiles().flatMap(({ id }) => [machineArn(id), `${machineArn(id)}:*`]));
      const executions = new Set(
        workflowFiles().map(({ id }) => `${machineArn(id).replace(":stateMachine:", ":execution:")}:*`),
      );
      for (const { statement } of t.statements()) {
        const states = actionsOf(statement).filter((a) => a.startsWith("states:"));
        if (states.length === 0) continue;
        if (states.includes("states:RedriveExecution")) {
          expect(states).toEqual(["states:RedriveExecution"]);
          for (const resource of list(statement.Resource))
            expect(executions.has(resource), resource).toBe(true);
          continue;
        }
        expect(
          states.every((a) =>
            ["states:StartExecution", "states:SendTaskSuccess", "states:SendTaskFailure"].includes(a),
          ),
        ).toBe(true);
        for (const resource of list(statement.Resource)) expect(allowed.has(resource), resource).toBe(true);
      }
      const granted = (handler: string, action: string) =>
        statementsOf(handoffFunctions().get(handler)!).some((s) => actionsOf(s).includes(action));
      for (const handler of [
        "functions/api.handler",
        "functions/ses-events.handler",
        "functions/inbound.handler",
      ]) {
        expect(granted(handler, "states:SendTaskFailure"), handler).toBe(true);
        expect(granted(handler, "states:StartExecution"), handler).toBe(true);
      }
      expect(granted("functions/step.handoff", "states:StartExecution")).toBe(true);
      expect(granted("functions/start-due.handler", "states:StartExecution")).toBe(true);
      expect(granted("functions/start-due.handler", "states:SendTaskSuccess")).toBe(false);
      expect(granted("functions/step.pause", "states:StartExecution")).toBe(false);
      expect(granted("functions/step.decide", "states:SendTaskSuccess")).toBe(false);
      // Only the API redrives (POST /enrollments/redrive); nothing else may.
      for (const handler of handoffFunctions().keys())
        expect(granted(handler, "states:RedriveExecution"), handler).toBe(
          handler === "functions/api.handler",
        );
    });

    it("a failed, timed-out or aborted execution of any Handoff machine reaches functions/execution-events", () => {
      const rule = t
        .ofType("AWS::Events::Rule")
        .find(
          (r) =>
            t.target(r.stack, (r.props.Targets as Array<{ Arn: unknown }>)[0]!.Arn)?.props.Handler ===
            "functions/execution-events.handler",
        );
      expect(rule).toBeDefined();
      const pattern = t.resolve(rule!.stack, rule!.props.EventPattern) as {
        source: string[];
        "detail-type": string[];
        detail: { status: string[]; stateMachineArn: string[] };
      };
      expect(pattern.source).toEqual(["aws.states"]);
      expect(pattern["detail-type"]).toEqual(["Step Functions Execution Status Change"]);
      expect(pattern.detail.status).toEqual(["FAILED", "TIMED_OUT", "ABORTED"]);
      expect(pattern.detail.stateMachineArn.sort()).toEqual(
        stateMachines()
          .map((m) => `<${m.stack}/${m.id}>`)
          .sort(),
      );
      // What EventBridge could not hand to the function lands in a dead-letter queue of its own.
      const [target] = rule!.props.Targets as Array<{ DeadLetterConfig?: { Arn: unknown } }>;
      const queue = t.target(rule!.stack, target!.DeadLetterConfig?.Arn);
      expect(queue?.id).toMatch(/^ExecutionEventsUndelivered/);
      expect(deadLetterQueues().map((q) => q.id)).toContain(queue!.id);
    });

    it("each function reads and writes only the contacts table and its index, with the store's four calls", () => {
      const table = t.ofType("AWS::DynamoDB::Table");
      expect(table).toHaveLength(1);
      const arn = `<${table[0]!.stack}/${table[0]!.id}.Arn>`;
      // Erasure (the API) and a late event of an erased contact (the functions that ingest events) delete items.
      const deleters = ["functions/api.handler", "functions/inbound.handler", "functions/ses-events.handler"];
      // The read API lists contacts: only the API queries the list indexes, and only queries them.
      const listIndexes = Object.values(LIST_INDEXES).map((index) => `${arn}/index/${index.indexName}`);
      const isList = (s: PolicyStatement) => list(s.Resource).every((r) => listIndexes.includes(r));
      // The scheduled starts: only the start-due sweep queries their index, and only queries it.
      const startIndex = `${arn}/index/${START_INDEX.indexName}`;
      const isStarts = (s: PolicyStatement) => list(s.Resource).every((r) => r === startIndex);
      for (const [handler, fn] of handoffFunctions()) {
        const dynamo = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
        if (handler === WEBHOOK_DELIVERY) {
          expect(dynamo, handler).toEqual([]);
          continue;
        }
        const lists = dynamo.filter(isList);
        expect(lists.length, handler).toBe(handler === "functions/api.handler" ? 1 : 0);
        for (const statement of lists) {
          expect(actionsOf(statement), handler).toEqual(["dynamodb:Query"]);
          expect(list(statement.Resource).sort(), handler).toEqual([...listIndexes].sort());
        }
        const starts = dynamo.filter(isStarts);
        expect(starts.length, handler).toBe(handler === "functions/start-due.handler" ? 1 : 0);
        for (const statement of starts) expect(actionsOf(statement), handler).toEqual(["dynamodb:Query"]);
        const reads = dynamo.filter(
          (s) => !actionsOf(s).includes("dynamodb:DeleteItem") && !isList(s) && !isStarts(s),
        );
        expect(reads, handler).toHaveLength(1);
        expect(actionsOf(reads[0]!).sort(), handler).toEqual([...TABLE_ACTIONS].sort());
        expect(list(reads[0]!.Resource).sort(), handler).toEqual([arn, `${arn}/index/${GSI1}`].sort());
        const deletes = dynamo.filter((s) => actionsOf(s).includes("dynamodb:DeleteItem"));
        expect(deletes.length, handler).toBe(deleters.includes(handler) ? 1 : 0);
        for (const statement of deletes) {
          expect(actionsOf(statement), handler).toEqual(["dynamodb:DeleteItem"]);
          expect(list(statement.Resource), handler).toEqual([arn]);
        }
      }
      // Nothing else in the app touches DynamoDB.
      const others = t
        .statements()
        .filter(({ statement }) => actionsOf(statement).some((a) => a.startsWith("dynamodb:")))
        .filter(({ statement }) =>
          list(statement.Resource).some(
            (r) => r !== arn && r !== `${arn}/index/${GSI1}` && !listIndexes.includes(r) && r !== startIndex,
          ),
        );
      expect(others).toEqual([]);
    });

    it("erasure: only the API scans the dead-letter queues (every queue of the app but the webhook deliveries) and reads and deletes stored replies", () => {
      const queues = deadLetterQueues().map((q) => `<${q.stack}/${q.id}.Arn>`);
      expect(queues.length).toBeGreaterThanOrEqual(4);
      // The bucket the receipt rule stores replies in (not its access-log bucket).
      const [receipt] = t.ofType("AWS::SES::ReceiptRule");
      const storeAction = (receipt!.props.Rule as { Actions: Array<{ S3Action?: { BucketName: unknown } }> })
        .Actions[0]!.S3Action!;
      const bucket = t.target(receipt!.stack, storeAction.BucketName);
      for (const [handler, fn] of handoffFunctions()) {
        const sqs = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith("sqs:")));
        const s3 = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
        // The delivery function consumes its queue (webhooks-cases.ts); the others only publish to it.
        if (handler === WEBHOOK_DELIVERY) continue;
        if (handler !== "functions/api.handler") {
          for (const statement of sqs) expect(actionsOf(statement), handler).toEqual(["sqs:SendMessage"]);
          for (const statement of s3) expect(actionsOf(statement), handler).toEqual(["s3:GetObject"]);
          continue;
        }
        const scan = sqs.filter((s) => actionsOf(s).includes("sqs:ReceiveMessage"));
        expect(scan).toHaveLength(1);
        expect(actionsOf(scan[0]!).sort()).toEqual(
          ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:ReceiveMessage"].sort(),
        );
        expect(list(scan[0]!.Resource).map(String).sort()).toEqual([...queues].sort());
        expect(s3).toHaveLength(1);
        expect(actionsOf(s3[0]!).sort()).toEqual(["s3:DeleteObject", "s3:GetObject"]);
        expect(JSON.stringify(t.resolve(fn.stack, s3[0]!.Resource))).toContain(`${bucket!.id}.Arn`);
        expect(JSON.stringify(t.resolve(fn.stack, s3[0]!.Resource))).toContain("/inbound/*");
        const environment = env(fn);
        expect(
          Object.keys(JSON.parse(String(t.resolve(fn.stack, environment.HANDOFF_DEAD_LETTER_QUEUES)))).sort(),
        ).toEqual(
          [
            "executionEvents",
            "executionEventsUndelivered",
            "inbound",
            "sesEvents",
            "sesEventsUndelivered",
            "slaSweep",
            "startDue",
            "webhookDeliveries",
          ].sort(),
        );
        expect(environment.HANDOFF_INBOUND_PREFIX).toBe("inbound/");
      }
    });
  });
}
