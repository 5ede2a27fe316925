import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import {
  CfnStateMachineAlias,
  CfnStateMachineVersion,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from "aws-cdk-lib/aws-stepfunctions";
import { type StackContext, use } from "sst/constructs";
import { FUNCTION_NEEDS, FUNCTIONS, type FunctionKey } from "../src/core/step-lambdas";
import { LIVE_ALIAS, pascal, stateMachineName } from "./config";
import { Data } from "./Data";
import { Email } from "./Email";
import { deploymentOf, handoffFunction } from "./lambda-functions";

/**
 * One Standard state machine per campaign and sequence, from the compiler's ASL text: the
 * `${…FunctionArn}` placeholders are filled by definitionSubstitutions with the step functions
 * (one Lambda per export of functions/step.ts). Every deploy that changes a machine publishes a
 * new version and moves the `live` alias to it; executions start on the alias, so contacts in
 * flight finish on the version they started on.
 */
export function Workflows({ stack, app }: StackContext) {
  const { workspace, config, table, secrets, deadLetterQueues } = use(Data);
  const { configurationSet } = use(Email);
  const deployment = deploymentOf(
    app.name,
    { config, table, workspace },
    configurationSet.configurationSetName,
  );

  const keys = Object.keys(FUNCTIONS) as FunctionKey[];
  const steps = Object.fromEntries(
    keys.map((key) => [
      key,
      handoffFunction(stack, `Step${pascal(key)}`, deployment, {
        handler: `functions/step.${key}`,
        description: `Handoff step: ${key}`,
        timeoutSeconds: 60,
        access: FUNCTION_NEEDS[key],
        // Each secret only where it is used (src/core/step-lambdas.ts): the other steps never read it.
        secrets: [
          ...(FUNCTION_NEEDS[key].linkTokens ? [secrets.tokenKeys] : []),
          ...(FUNCTION_NEEDS[key].slackPosts ? [secrets.slackWebhooks] : []),
        ],
      }),
    ]),
  ) as Record<FunctionKey, ReturnType<typeof handoffFunction>>;
  const substitutions = Object.fromEntries(keys.map((key) => [FUNCTIONS[key], steps[key].functionArn]));

  const machines = workspace.machines.map((machine) => {
    const id = pascal(machine.id);
    const name = stateMachineName(app.name, app.stage, machine.id);
    const logs = new LogGroup(stack, `${id}Logs`, {
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const stateMachine = new StateMachine(stack, id, {
      stateMachineName: name,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(machine.asl),
      definitionSubstitutions: substitutions,
      // Execution data holds contact ids and step settings only, but keep payloads out anyway.
      logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    for (const key of machine.functions) steps[key].grantInvoke(stateMachine);

    // A new revision replaces the version resource: CloudFormation publishes a new version and
    // keeps the old one (RETAIN), where executions started before the deploy go on running.
    const version = new CfnStateMachineVersion(stack, `${id}Version`, {
      stateMachineArn: stateMachine.stateMachineArn,
      stateMachineRevisionId: stateMachine.stateMachineRevisionId,
      description: `${machine.id} ${machine.version} (${machine.file})`,
    });
    version.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const alias = new CfnStateMachineAlias(stack, `${id}LiveAlias`, {
      name: LIVE_ALIAS,
      description: `Where new ${machine.id} executions start`,
      routingConfiguration: [{ stateMachineVersionArn: version.attrArn, weight: 100 }],
    });
    stack.addOutputs({ [`${id}Live`]: alias.attrArn });
    return { workflowId: machine.id, stateMachine, version, alias };
  });

  // An execution that fails, times out or is aborted ends its enrollment as failed (with why), so
  // `handoff failed` lists it and a redrive can resume it.
  const executionEvents = handoffFunction(stack, "ExecutionEvents", deployment, {
    handler: "functions/execution-events.handler",
    description: "Handoff: failed executions end their enrollments as failed",
    timeoutSeconds: 30,
    access: {},
    secrets: [],
    deadLetterQueue: deadLetterQueues.executionEvents,
  });
  new Rule(stack, "ExecutionFailedRule", {
    description: "Handoff executions that failed, timed out or were aborted",
    eventPattern: {
      source: ["aws.states"],
      detailType: ["Step Functions Execution Status Change"],
      detail: {
        status: ["FAILED", "TIMED_OUT", "ABORTED"],
        stateMachineArn: machines.map((m) => m.stateMachine.stateMachineArn),
      },
    },
    targets: [new LambdaFunction(executionEvents, { maxEventAge: Duration.hours(24), retryAttempts: 185 })],
  });

  return { steps, machines };
}
