/**
 * The ARNs of Handoff's state machines, known before the machines exist: their names are fixed
 * (stacks/config.ts stateMachineName), so functions can be given them without a reference to the
 * machines (which refer to the functions through definitionSubstitutions).
 */
import { Aws } from "aws-cdk-lib";
import { LIVE_ALIAS, stateMachineName } from "./config";
import type { Deployment } from "./lambda-functions";

type Machines = Pick<Deployment, "app" | "config" | "workflowIds">;

function statesArn(resource: string): string {
  return `arn:${Aws.PARTITION}:states:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
}

function nameOf(d: Machines, workflowId: string): string {
  return stateMachineName(d.app, d.config.stage, workflowId);
}

/** workflowId → the ARN of its `live` alias: what functions start executions on. */
export function aliasArns(d: Machines): Record<string, string> {
  return Object.fromEntries(
    d.workflowIds.map((id) => [id, `${statesArn(`stateMachine:${nameOf(d, id)}`)}:${LIVE_ALIAS}`]),
  );
}

/** The machines, their versions and aliases: `…:stateMachine:name` and `…:stateMachine:name:*`. */
export function machineResources(d: Machines): string[] {
  return d.workflowIds.flatMap((id) => {
    const arn = statesArn(`stateMachine:${nameOf(d, id)}`);
    return [arn, `${arn}:*`];
  });
}

/** Every execution of the machines: `…:execution:name:*`. */
export function executionResources(d: Machines): string[] {
  return d.workflowIds.map((id) => `${statesArn(`execution:${nameOf(d, id)}`)}:*`);
}
