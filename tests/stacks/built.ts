import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseJsonc } from "jsonc-parser";
import { afterAll, beforeAll, expect } from "vitest";
import { BUILT_IN_DIR } from "../../src/compiler/smoke-workflows";
import { SMOKE_WORKFLOWS } from "../../src/core/smoke";
import type { FunctionKey } from "../../src/core/step-lambdas";
import { REPO } from "../helpers/workspace";
import { type SharedBuild, sharedSstBuild } from "./build-cache";
import { type Located, list, REGION, Templates } from "./cfn";
import { ACCOUNT } from "./offline-aws";
import { type SettingsChange, SST_BUILD_TIMEOUT_MS } from "./sst-build";

// The `sst build --stage test` the stack tests share (tests/stacks/stacks.test.ts reads it and the
// *-cases.ts files check it; tests/stacks/build-cache.ts builds it once per input), and helpers that
// find things in its templates.

export const STAGE = "test";
export const APP = "handoff";
export const stackName = (name: string) => `${STAGE}-${APP}-${name}`;
export const machineName = (workflowId: string) => `${STAGE}-${APP}-${workflowId}`;
export const machineArn = (workflowId: string) =>
  `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${machineName(workflowId)}`;
export const fakeFunctionArn = (key: FunctionKey) =>
  `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-${key}`;

export const TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:Query",
];

export const actionsOf = (statement: { Action?: string | string[] }) => list(statement.Action);

/**
 * The campaigns and sequences a deployment of workflows/ has: its files, read as plain JSON (not
 * through the compiler), then the built-in smoke workflows every stage ships with
 * (src/compiler/smoke-workflows.ts).
 */
export function workflowFiles(): Array<{ file: string; id: string }> {
  const builtIns = SMOKE_WORKFLOWS.map((id) => ({ file: `${BUILT_IN_DIR}/${id}.json`, id }));
  return [...marketerWorkflowFiles(), ...builtIns];
}

function marketerWorkflowFiles(): Array<{ file: string; id: string }> {
  const dir = join(REPO, "workflows");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json") && f !== "schema.json")
    .map((file) => ({
      file,
      json: parseJsonc(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>,
    }))
    .filter(({ json }) => json.kind === "campaign" || json.kind === "sequence")
    .map(({ file, json }) => ({ file, id: String(json.id) }));
}

/** The build, and its templates: set by useBuild's beforeAll. */
export let build: SharedBuild;
export let t: Templates;

/** The stacks for the calling test file (`settings` changes its settings.json), built once per input. */
export function useBuild(settings?: SettingsChange): void {
  beforeAll(async () => {
    build = await sharedSstBuild(STAGE, settings);
    t = new Templates(build.templates);
  }, SST_BUILD_TIMEOUT_MS + 10_000);
  afterAll(() => build?.cleanup());
}

/** The webhook delivery function (stacks/Webhooks.ts): the one function that reaches no table. */
export const WEBHOOK_DELIVERY = "functions/webhooks.handler";

/**
 * The app's dead-letter queues: every queue but the webhook delivery queue, the one queue with a
 * redrive policy (it holds deliveries waiting for their next try, not failures).
 */
export function deadLetterQueues(): Located[] {
  return t.ofType("AWS::SQS::Queue").filter((queue) => queue.props.RedrivePolicy === undefined);
}

/** Handoff's own Lambda functions (handler in functions/), by handler. */
export function handoffFunctions(): Map<string, Located> {
  return new Map(
    t
      .ofType("AWS::Lambda::Function")
      .filter((f) => String(f.props.Handler ?? "").startsWith("functions/"))
      .map((f) => [String(f.props.Handler), f]),
  );
}

export function env(fn: Located): Record<string, unknown> {
  return ((fn.props.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {}) as Record<
    string,
    unknown
  >;
}

/** Statements of the policies attached to a function's (Role) or a state machine's (RoleArn) role. */
export function statementsOf(fn: Located) {
  const role = t.target(fn.stack, fn.props.Role ?? fn.props.RoleArn);
  if (!role) throw new Error(`${fn.id} has no role in the template`);
  // A role's policy over IAM's size limit overflows into managed policies CDK attaches to the role.
  const ownPolicies = new Set(
    [...t.ofType("AWS::IAM::Policy"), ...t.ofType("AWS::IAM::ManagedPolicy")]
      .filter((p) => p.stack === role.stack)
      .filter((p) => list(p.props.Roles as unknown[]).some((r) => t.target(p.stack, r)?.id === role.id))
      .map((p) => p.id),
  );
  return t
    .statements()
    .filter((s) => s.stack === role.stack && (ownPolicies.has(s.id) || s.id === role.id))
    .map((s) => s.statement);
}

export function stateMachines(): Located[] {
  return t.ofType("AWS::StepFunctions::StateMachine");
}

export function machineOf(workflowId: string): Located {
  const found = stateMachines().filter((m) => m.props.StateMachineName === machineName(workflowId));
  expect(found, `state machines named ${machineName(workflowId)}`).toHaveLength(1);
  return found[0]!;
}

/** The definition text of a machine with its substitutions applied (CloudFormation's job). */
export function deployedDefinition(
  machine: Located,
  value: (placeholder: string, target: unknown) => string,
) {
  const raw = machine.props.DefinitionString;
  const text = typeof raw === "string" ? raw : String(t.resolve(machine.stack, raw));
  const substitutions = (machine.props.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  return text.replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, name: string) =>
    name in substitutions ? value(name, substitutions[name]) : whole,
  );
}
