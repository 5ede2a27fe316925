import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { START_INDEX } from "../../src/adapters/single-table/scheduled-starts";
import { aslText } from "../../src/compiler/asl-text";
import { catalogFromWorkspace } from "../../src/compiler/catalog";
import { FUNCTIONS, type FunctionKey, placeholdersIn } from "../../src/core/step-lambdas";
import { REPO } from "../helpers/workspace";
import {
  deployedDefinition,
  env,
  fakeFunctionArn,
  handoffFunctions,
  machineArn,
  machineOf,
  stackName,
  stateMachines,
  statementsOf,
  t,
  WEBHOOK_DELIVERY,
  workflowFiles,
} from "./built";
import { list, REGION } from "./cfn";
import { ACCOUNT } from "./offline-aws";

/** The Workflows stack: one Standard state machine per campaign and sequence, the ASL the compiler emits, versions behind `live`. */
export function workflowsCases(): void {
  describe("Workflows: one Standard state machine per campaign and sequence", () => {
    it("every campaign and sequence file has exactly one state machine, and there are no others", () => {
      const files = workflowFiles();
      expect(files.length).toBeGreaterThanOrEqual(3);
      for (const { id } of files) {
        const machine = machineOf(id);
        expect(machine.props.StateMachineType).toBe("STANDARD");
      }
      Template.fromJSON(t.template(stackName("Workflows"))).resourceCountIs(
        "AWS::StepFunctions::StateMachine",
        files.length,
      );
      expect(stateMachines()).toHaveLength(files.length);
    });

    it("leaves no placeholder unresolved: each is substituted with the ARN of its step function", () => {
      const functions = handoffFunctions();
      for (const { id } of workflowFiles()) {
        const machine = machineOf(id);
        const substitutions = machine.props.DefinitionSubstitutions as Record<string, unknown>;
        expect(Object.keys(substitutions).sort()).toEqual(Object.values(FUNCTIONS).sort());
        for (const [key, placeholder] of Object.entries(FUNCTIONS)) {
          const target = t.target(machine.stack, substitutions[placeholder]);
          expect(target?.resource.Type, `${id}: ${placeholder}`).toBe("AWS::Lambda::Function");
          expect(target?.props.Handler, `${id}: ${placeholder}`).toBe(`functions/step.${key}`);
          expect(substitutions[placeholder]).toEqual({ "Fn::GetAtt": [target!.id, "Arn"] });
          expect(functions.get(`functions/step.${key}`)?.id).toBe(target!.id);
        }
        const deployed = deployedDefinition(
          machine,
          (name) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
        );
        expect(deployed).not.toMatch(/\$\{[A-Za-z0-9]*FunctionArn\}/);
        expect(placeholdersIn(deployed)).toEqual([]);
      }
    });

    it("deploys exactly the ASL the compiler emits and the local runtime runs", async () => {
      const { machines } = await catalogFromWorkspace({
        workflowsDir: join(REPO, "workflows"),
        templatesDir: join(REPO, "templates"),
      });
      const byPlaceholder = new Map(
        Object.entries(FUNCTIONS).map(([k, p]) => [p as string, k as FunctionKey]),
      );
      expect(machines.map((m) => m.workflow.id).sort()).toEqual(
        workflowFiles()
          .map((f) => f.id)
          .sort(),
      );
      for (const compiled of machines) {
        const machine = machineOf(compiled.workflow.id);
        // In the template: each placeholder becomes the fake ARN of the function it is wired to.
        const deployed = deployedDefinition(machine, (_name, target) => {
          const handler = String(t.target(machine.stack, target)?.props.Handler);
          return fakeFunctionArn(handler.replace("functions/step.", "") as FunctionKey);
        });
        // From the compiler: each placeholder becomes the fake ARN of the function it names.
        const local = aslText(compiled.definition).replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, name: string) => {
          const key = byPlaceholder.get(name);
          return key ? fakeFunctionArn(key) : whole;
        });
        expect(JSON.parse(deployed)).toEqual(JSON.parse(local));
        expect(machine.props.DefinitionString).toBe(aslText(compiled.definition));
      }
    });

    it("logs every execution to CloudWatch (ALL, without execution data) and traces with X-Ray", () => {
      for (const machine of stateMachines()) {
        expect(machine.props.LoggingConfiguration).toMatchObject({
          Level: "ALL",
          IncludeExecutionData: false,
        });
        const destination = (machine.props.LoggingConfiguration as { Destinations: unknown[] })
          .Destinations[0] as {
          CloudWatchLogsLogGroup: { LogGroupArn: unknown };
        };
        expect(t.target(machine.stack, destination.CloudWatchLogsLogGroup.LogGroupArn)?.resource.Type).toBe(
          "AWS::Logs::LogGroup",
        );
        expect(machine.props.TracingConfiguration).toEqual({ Enabled: true });
      }
    });

    it("publishes a retained version per machine behind a `live` alias, which functions start executions on", () => {
      const versions = t.ofType("AWS::StepFunctions::StateMachineVersion");
      const aliases = t.ofType("AWS::StepFunctions::StateMachineAlias");
      const expectedMachines: Record<string, string> = {};
      for (const { id } of workflowFiles()) {
        const machine = machineOf(id);
        const version = versions.filter((v) => t.target(v.stack, v.props.StateMachineArn)?.id === machine.id);
        expect(version, `${id}: versions`).toHaveLength(1);
        expect(version[0]!.props.StateMachineRevisionId).toEqual({
          "Fn::GetAtt": [machine.id, "StateMachineRevisionId"],
        });
        expect(version[0]!.resource.UpdateReplacePolicy).toBe("Retain");
        expect(version[0]!.resource.DeletionPolicy).toBe("Retain");
        const alias = aliases.filter((a) =>
          list(a.props.RoutingConfiguration as Array<{ StateMachineVersionArn: unknown }>).some(
            (r) => t.target(a.stack, r.StateMachineVersionArn)?.id === version[0]!.id,
          ),
        );
        expect(alias, `${id}: aliases`).toHaveLength(1);
        expect(alias[0]!.props.Name).toBe("live");
        expect(alias[0]!.props.RoutingConfiguration).toEqual([
          { StateMachineVersionArn: { "Fn::GetAtt": [version[0]!.id, "Arn"] }, Weight: 100 },
        ]);
        expectedMachines[id] = `${machineArn(id)}:live`;
      }
      for (const [handler, fn] of handoffFunctions()) {
        // The webhook delivery function starts nothing: it has no machines to know.
        if (handler === WEBHOOK_DELIVERY) continue;
        const machines = JSON.parse(String(t.resolve(fn.stack, env(fn).HANDOFF_STATE_MACHINES)));
        expect(machines, handler).toEqual(expectedMachines);
      }
    });
  });

  describe("Workflows: the SLA sweep (settings.sla)", () => {
    it("runs functions/sla-sweep.handler every minute, with the table and the Slack secret only", () => {
      const { sweep, schedules, actions } = scheduled("functions/sla-sweep.handler");
      expect(schedules).toEqual(["rate(1 minute)"]);
      expect(actions.filter((a) => /^(states|ses|s3):/.test(a))).toEqual([]);
      expect(actions).toContain("dynamodb:Query");
      expect(env(sweep).SST_Secret_value_HANDOFF_SLACK_WEBHOOKS).toBe("__FETCH_FROM_SSM__");
      expect(env(sweep).SST_Secret_value_HANDOFF_TOKEN_KEYS).toBeUndefined();
    });
  });

  describe("Workflows: the start-due sweep (scheduled first emails)", () => {
    it("runs functions/start-due.handler every minute: it starts executions and queries their index, no secret, a dead-letter queue", () => {
      const { sweep, schedules, actions } = scheduled("functions/start-due.handler");
      expect(schedules).toEqual(["rate(1 minute)"]);
      // It sleeps until each start's second of the current minute: longer than a minute.
      expect(sweep.props.Timeout).toBeGreaterThan(60);
      expect(actions.filter((a) => /^(states|ses|s3):/.test(a))).toEqual(["states:StartExecution"]);
      const starts = statementsOf(sweep).find((s) =>
        JSON.stringify(s.Resource).includes(`/index/${START_INDEX.indexName}`),
      );
      expect(starts && list(starts.Action)).toEqual(["dynamodb:Query"]);
      expect(Object.keys(env(sweep)).filter((name) => name.startsWith("SST_Secret_value_"))).toEqual([]);
      const deadLetter = (sweep.props.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn;
      expect(t.target(sweep.stack, deadLetter)?.id).toMatch(/^StartDueDeadLetters/);
    });
  });
}

/** A function the app runs on a schedule: its resource, the schedules of the rules that invoke it, its IAM actions. */
function scheduled(handler: string) {
  const sweep = handoffFunctions().get(handler)!;
  expect(sweep, handler).toBeDefined();
  const schedules = t
    .ofType("AWS::Events::Rule")
    .filter((rule) =>
      list(rule.props.Targets as Array<{ Arn: unknown }>).some(
        (target) => t.target(rule.stack, target.Arn)?.id === sweep.id,
      ),
    )
    .map((rule) => rule.props.ScheduleExpression);
  const actions = statementsOf(sweep).flatMap((s) => list(s.Action).map(String));
  return { sweep, schedules, actions };
}
