import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { Rule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import {
  CfnStateMachineAlias,
  CfnStateMachineVersion,
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from "aws-cdk-lib/aws-stepfunctions";
import { Cron, type Stack, type StackContext, use } from "sst/constructs";
import { FUNCTIONS, type FunctionKey } from "../src/core/step-lambdas";
import { type CompiledMachine, LIVE_ALIAS, pascal, stateMachineName } from "./config";
import { failedEventsQueue } from "./Data";
import { Email } from "./Email";
import {
  type Deployment,
  ENTRY_FUNCTIONS,
  type HandoffFunction,
  handoffFunction,
  stepFunction,
} from "./lambda-functions";
import { defaultPolicyOf, NAG, suppress } from "./nag";

/**
 * One Standard state machine per campaign and sequence, from the compiler's ASL text: the
 * `${…FunctionArn}` placeholders are filled by definitionSubstitutions with the step functions
 * (one Lambda per export of functions/step.ts). Every deploy that changes a machine publishes a
 * new version and moves the `live` alias to it; executions start on the alias, so contacts in
 * flight finish on the version they started on.
 */
export function Workflows({ stack }: StackContext) {
  const email = use(Email);
  const { deployment } = email;
  const steps = stepFunctions(stack, deployment);
  const substitutions = Object.fromEntries(
    (Object.keys(FUNCTIONS) as FunctionKey[]).map((key) => [FUNCTIONS[key], steps[key].functionArn]),
  );
  const machines = deployment.workspace.machines.map((machine) =>
    liveStateMachine(stack, deployment, { machine, steps, substitutions }),
  );

  const undeliveredEvents = failedExecutionEvents(stack, deployment, machines);

  // settings.sla: a sweep every minute reassigns the leads not accepted in time; with
  // settings.integrations.asana it also creates the Asana tasks whose creation failed.
  const { settings } = deployment.workspace;
  if (settings.sla || settings.integrations?.asana)
    everyMinute(stack, "SlaSweep", {
      job: handoffFunction(stack, "SlaSweepFunction", deployment, {
        ...ENTRY_FUNCTIONS.slaSweep,
        deadLetterQueue: deployment.deadLetterQueues.slaSweep,
      }),
    });

  // Executions scheduled for their first email's send window (src/core/engine/scheduled-starts.ts):
  // a sweep every minute starts that minute's at their seconds, and catches up on missed minutes.
  everyMinute(stack, "StartDue", {
    job: handoffFunction(stack, "StartDueFunction", deployment, {
      ...ENTRY_FUNCTIONS.startDue,
      deadLetterQueue: deployment.deadLetterQueues.startDue,
    }),
  });

  // Every queue of the app that holds events Handoff could not process (the API scans them on
  // erasure, the Alarms stack alarms on each).
  const queues = { ...email.queues, executionEventsUndelivered: undeliveredEvents };
  return { steps, machines, queues };
}

/**
 * An execution that fails, times out or is aborted ends its enrollment as failed (with why), so
 * `handoff failed` lists it and a redrive can resume it. Returns the queue of the events
 * EventBridge could not hand to the function (throttled for a day): in this stack, as a queue of
 * the Data stack would need a policy naming this stack's rule (a cycle).
 */
function failedExecutionEvents(
  stack: Stack,
  deployment: Deployment,
  machines: Array<{ stateMachine: StateMachine }>,
): Queue {
  const executionEvents = handoffFunction(stack, "ExecutionEvents", deployment, {
    ...ENTRY_FUNCTIONS.executionEvents,
    deadLetterQueue: deployment.deadLetterQueues.executionEvents,
  });
  const undeliveredEvents = failedEventsQueue(stack, "ExecutionEventsUndelivered");
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
    targets: [
      new LambdaFunction(executionEvents, {
        deadLetterQueue: undeliveredEvents,
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      }),
    ],
  });
  return undeliveredEvents;
}

/** A sweep run every minute (its rule needs no dead-letter queue: NAG.scheduleRule says why). */
function everyMinute(stack: Stack, id: string, { job }: { job: HandoffFunction }): Cron {
  const cron = new Cron(stack, id, { schedule: "rate(1 minute)", job });
  suppress(cron.cdk.rule, NAG.scheduleRule);
  return cron;
}

/** One function per export of functions/step.ts; each secret only where it is used (src/core/step-lambdas.ts). */
function stepFunctions(stack: Stack, deployment: Deployment): Record<FunctionKey, HandoffFunction> {
  const keys = Object.keys(FUNCTIONS) as FunctionKey[];
  const steps = Object.fromEntries(
    keys.map((key) => [key, handoffFunction(stack, `Step${pascal(key)}`, deployment, stepFunction(key))]),
  ) as Record<FunctionKey, HandoffFunction>;
  for (const step of Object.values(steps))
    suppress(step, NAG.invokedSynchronously("Step Functions (a Task state, with its Retry and Catch)"));
  return steps;
}

interface MachineParts {
  machine: CompiledMachine;
  steps: Record<FunctionKey, HandoffFunction>;
  /** Placeholder name → the ARN of its step function. */
  substitutions: Record<string, string>;
}

/** A machine with its log group, may invoke the step functions it calls, and its retained version behind `live`. */
function liveStateMachine(
  stack: Stack,
  deployment: Deployment,
  { machine, steps, substitutions }: MachineParts,
) {
  const id = pascal(machine.id);
  const name = stateMachineName(deployment.app, deployment.config.stage, machine.id);
  const logs = new LogGroup(stack, `${id}Logs`, {
    logGroupName: `/aws/vendedlogs/states/${name}`,
    retention: RetentionDays.THREE_MONTHS,
    removalPolicy: deployment.config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
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
  const policy = defaultPolicyOf(stateMachine.role);
  if (policy) suppress(policy, NAG.stateMachinePolicy);

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
}
