import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Match, Template } from "aws-cdk-lib/assertions";
import { parse as parseJsonc } from "jsonc-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contactTableSchema, GSI1 } from "../../src/adapters/aws/table-schema";
import { aslText } from "../../src/compiler/asl-text";
import { catalogFromWorkspace, catalogText, compileCatalog } from "../../src/compiler/catalog";
import { FUNCTIONS, type FunctionKey, placeholdersIn } from "../../src/core/step-lambdas";
import { REPO } from "../helpers/workspace";
import { type Located, list, REGION, Templates } from "./cfn";
import { ACCOUNT } from "./offline-aws";
import { SST_BUILD_TIMEOUT_MS, type SstBuild, sstBuild } from "./sst-build";

// The real `sst build --stage test`, once for the file (about 35 s: it bundles eleven functions),
// offline; then facts about the synthesized CloudFormation in .sst/dist.

const STAGE = "test";
const APP = "handoff";
const stackName = (name: string) => `${STAGE}-${APP}-${name}`;
const machineName = (workflowId: string) => `${STAGE}-${APP}-${workflowId}`;
const machineArn = (workflowId: string) =>
  `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:${machineName(workflowId)}`;
const fakeFunctionArn = (key: FunctionKey) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:local-${key}`;

const TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"];

/** Campaign and sequence files of workflows/, read as plain JSON (not through the compiler). */
function workflowFiles(): Array<{ file: string; id: string }> {
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

let build: SstBuild;
let t: Templates;

beforeAll(async () => {
  build = await sstBuild(STAGE);
  t = new Templates(build.templates);
}, SST_BUILD_TIMEOUT_MS + 10_000);

afterAll(() => build?.cleanup());

/** Handoff's own Lambda functions (handler in functions/), by handler. */
function handoffFunctions(): Map<string, Located> {
  return new Map(
    t
      .ofType("AWS::Lambda::Function")
      .filter((f) => String(f.props.Handler ?? "").startsWith("functions/"))
      .map((f) => [String(f.props.Handler), f]),
  );
}

function env(fn: Located): Record<string, unknown> {
  return ((fn.props.Environment as { Variables?: Record<string, unknown> })?.Variables ?? {}) as Record<
    string,
    unknown
  >;
}

/** Statements of the policies attached to a function's role. */
function statementsOf(fn: Located) {
  const role = t.target(fn.stack, fn.props.Role);
  if (!role) throw new Error(`${fn.id} has no role in the template`);
  const ownPolicies = new Set(
    t
      .ofType("AWS::IAM::Policy")
      .filter((p) => p.stack === role.stack)
      .filter((p) => list(p.props.Roles as unknown[]).some((r) => t.target(p.stack, r)?.id === role.id))
      .map((p) => p.id),
  );
  return t
    .statements()
    .filter((s) => s.stack === role.stack && (ownPolicies.has(s.id) || s.id === role.id))
    .map((s) => s.statement);
}

function stateMachines(): Located[] {
  return t.ofType("AWS::StepFunctions::StateMachine");
}

function machineOf(workflowId: string): Located {
  const found = stateMachines().filter((m) => m.props.StateMachineName === machineName(workflowId));
  expect(found, `state machines named ${machineName(workflowId)}`).toHaveLength(1);
  return found[0]!;
}

/** The definition text of a machine with its substitutions applied (CloudFormation's job). */
function deployedDefinition(machine: Located, value: (placeholder: string, target: unknown) => string) {
  const raw = machine.props.DefinitionString;
  const text = typeof raw === "string" ? raw : String(t.resolve(machine.stack, raw));
  const substitutions = (machine.props.DefinitionSubstitutions ?? {}) as Record<string, unknown>;
  return text.replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, name: string) =>
    name in substitutions ? value(name, substitutions[name]) : whole,
  );
}

describe("sst build, offline", () => {
  it("makes only the three AWS calls, to the local endpoint, and no other connection", () => {
    expect(build.calls).toEqual([
      { action: "GetCallerIdentity" },
      { action: "DescribeStacks", stackName: "CDKToolkit" },
      { action: "DescribeStacks", stackName: "SSTBootstrap" },
    ]);
    expect(build.blockedConnections).toEqual([]);
    expect([...build.templates.keys()].sort()).toEqual(
      ["Alarms", "Api", "Data", "Email", "Workflows"].map(stackName).sort(),
    );
    console.info(`sst build --stage ${STAGE}: ${build.seconds.toFixed(1)} s`);
  });
});

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
    const byPlaceholder = new Map(Object.entries(FUNCTIONS).map(([k, p]) => [p as string, k as FunctionKey]));
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
      expect(machine.props.LoggingConfiguration).toMatchObject({ Level: "ALL", IncludeExecutionData: false });
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
      const machines = JSON.parse(String(t.resolve(fn.stack, env(fn).HANDOFF_STATE_MACHINES)));
      expect(machines, handler).toEqual(expectedMachines);
    }
  });
});

describe("Lambda functions", () => {
  it("one per export of functions/step.ts, plus ses-events, execution-events, inbound and api: nodejs22.x, 256 MB", () => {
    const functions = handoffFunctions();
    expect([...functions.keys()].sort()).toEqual(
      [
        ...Object.keys(FUNCTIONS).map((key) => `functions/step.${key}`),
        "functions/ses-events.handler",
        "functions/execution-events.handler",
        "functions/inbound.handler",
        "functions/api.handler",
      ].sort(),
    );
    for (const [handler, fn] of functions) {
      expect(fn.props.Runtime, handler).toBe("nodejs22.x");
      expect(fn.props.MemorySize, handler).toBe(256);
      const variables = t.resolve(fn.stack, env(fn)) as Record<string, string>;
      expect(variables, handler).toMatchObject({
        HANDOFF_CATALOG: "/var/task/catalog.json",
        HANDOFF_LINKS_BASE_URL: "https://go.acme.example",
        HANDOFF_REPLY_DOMAIN: "reply.mail.acme.example",
        HANDOFF_EVENT_RETENTION_DAYS: "730",
        HANDOFF_SEND_RATE: "14",
      });
      expect(variables.HANDOFF_TABLE).toMatch(new RegExp(`^<${stackName("Data")}/Contacts[0-9A-F]+>$`));
      expect(variables.HANDOFF_CONFIGURATION_SET).toMatch(
        new RegExp(`^<${stackName("Email")}/ConfigurationSet[0-9A-F]+>$`),
      );
    }
    const inboundFn = functions.get("functions/inbound.handler")!;
    const inbound = t.resolve(inboundFn.stack, env(inboundFn)) as Record<string, string>;
    expect(inbound.HANDOFF_INBOUND_PREFIX).toBe("inbound/");
  });

  it("bundles catalog.json next to the handler: the catalog the compiler builds, with the deployed machines' versions", async () => {
    const compiled = catalogText((await compileCatalog({ cwd: REPO })).file);
    for (const [handler, fn] of handoffFunctions()) {
      const key = String((fn.props.Code as { S3Key: string }).S3Key).replace(/\.zip$/, "");
      const bundle = join(build.dist, `asset.${key}`);
      expect(existsSync(join(bundle, `${handler.slice(0, handler.lastIndexOf("."))}.mjs`)), handler).toBe(
        true,
      );
      expect(readFileSync(join(bundle, "catalog.json"), "utf8"), handler).toBe(compiled);
      // The sources stay out: nothing in the bundle compiles them.
      expect(existsSync(join(bundle, "workflows")), handler).toBe(false);
      expect(existsSync(join(bundle, "templates")), handler).toBe(false);
    }
    // Each workflow's version in the catalog is the one its deployed machine version is described with.
    const described = t
      .ofType("AWS::StepFunctions::StateMachineVersion")
      .map((v) => String(v.props.Description));
    const { workflows } = JSON.parse(compiled) as {
      workflows: Array<{ file: string; version: string; workflow: { id: string } }>;
    };
    expect(workflows.length).toBe(workflowFiles().length);
    for (const { file, version, workflow } of workflows)
      expect(described).toContain(`${workflow.id} ${version} (${file})`);
  });

  it("binds each SST secret only to the functions that use it, and only their roles may read it", () => {
    const functions = handoffFunctions();
    const api = ["functions/api.handler"];
    const expected: Record<string, string[]> = {
      // Signs links and reply addresses (sending) or verifies them (unsubscribe and click on the
      // API, replies on inbound).
      HANDOFF_TOKEN_KEYS: [...api, "functions/inbound.handler", "functions/step.sendEmail"],
      // Posts to Slack: nothing else depends on the Slack secret being set.
      HANDOFF_SLACK_WEBHOOKS: ["functions/step.handoff", "functions/step.notify", "functions/step.task"],
      HANDOFF_API_KEYS: api,
      HANDOFF_SIGNING_SECRETS: api,
    };
    for (const [secret, handlers] of Object.entries(expected)) {
      const bound = [...functions]
        .filter(([, fn]) => env(fn)[`SST_Secret_value_${secret}`] === "__FETCH_FROM_SSM__")
        .map(([handler]) => handler);
      expect(bound.sort(), secret).toEqual([...handlers].sort());
      for (const [handler, fn] of functions) {
        const reads = statementsOf(fn).some(
          (s) =>
            list(s.Action).some((a) => String(a).startsWith("ssm:GetParameter")) &&
            JSON.stringify(s.Resource).includes(`/${secret}/`),
        );
        expect(reads, `${handler} may read ${secret}`).toBe(handlers.includes(handler));
      }
    }
  });

  it("every asynchronously invoked function has a dead-letter queue", () => {
    const functions = handoffFunctions();
    const asynchronous = new Map<string, Located>();
    for (const rule of t.ofType("AWS::Events::Rule")) {
      for (const target of list(rule.props.Targets as Array<{ Arn: unknown }>)) {
        const fn = t.target(rule.stack, target.Arn);
        if (fn?.resource.Type === "AWS::Lambda::Function") asynchronous.set(`${fn.stack}/${fn.id}`, fn);
      }
    }
    for (const rule of t.ofType("AWS::SES::ReceiptRule")) {
      const actions = (
        rule.props.Rule as {
          Actions: Array<Record<string, { FunctionArn: unknown; InvocationType?: string }>>;
        }
      ).Actions;
      for (const action of actions) {
        const lambda = action.LambdaAction;
        if (!lambda || lambda.InvocationType === "RequestResponse") continue;
        const fn = t.target(rule.stack, lambda.FunctionArn)!;
        asynchronous.set(`${fn.stack}/${fn.id}`, fn);
      }
    }
    for (const permission of t.ofType("AWS::Lambda::Permission")) {
      if (!["s3.amazonaws.com", "sns.amazonaws.com"].includes(String(permission.props.Principal))) continue;
      const fn = t.target(permission.stack, permission.props.FunctionName);
      if (fn) asynchronous.set(`${fn.stack}/${fn.id}`, fn);
    }
    const handlers = [...asynchronous.values()].map((fn) => String(fn.props.Handler));
    expect(handlers).toEqual(
      expect.arrayContaining([
        "functions/ses-events.handler",
        "functions/execution-events.handler",
        "functions/inbound.handler",
      ]),
    );
    const invokeConfigs = t.ofType("AWS::Lambda::EventInvokeConfig");
    for (const fn of asynchronous.values()) {
      const deadLetter = (fn.props.DeadLetterConfig as { TargetArn?: unknown } | undefined)?.TargetArn;
      const onFailure = invokeConfigs.find(
        (c) =>
          t.target(c.stack, c.props.FunctionName)?.id === fn.id &&
          (c.props.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure,
      );
      expect(deadLetter !== undefined || onFailure !== undefined, String(fn.props.Handler)).toBe(true);
      if (deadLetter) expect(t.target(fn.stack, deadLetter)?.resource.Type).toBe("AWS::SQS::Queue");
    }
    expect(functions.size).toBe(12);
  });

  it("the bundles load and answer with the template's environment and the bound secrets (no AWS)", () => {
    const functions = handoffFunctions();
    const run = (handler: string, events: unknown[]) => {
      const fn = functions.get(handler)!;
      const key = String((fn.props.Code as { S3Key: string }).S3Key).replace(/\.zip$/, "");
      const bundle = join(build.dist, `asset.${key}`);
      const variables = t.resolve(fn.stack, env(fn)) as Record<string, string>;
      const secrets: Record<string, string> = {
        HANDOFF_TOKEN_KEYS: JSON.stringify({
          current: "k1",
          keys: { k1: "a-test-key-of-32-characters-0001" },
        }),
        HANDOFF_SLACK_WEBHOOKS: "{}",
        HANDOFF_API_KEYS: JSON.stringify(["test-api-key-000000"]),
        HANDOFF_SIGNING_SECRETS: JSON.stringify(["test-signing-secret"]),
      };
      const childEnv: Record<string, string> = {
        PATH: process.env.PATH ?? "",
        ...variables,
        HANDOFF_CATALOG: join(bundle, "catalog.json"),
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: "local",
        AWS_SECRET_ACCESS_KEY: "local",
        NODE_OPTIONS: `--require ${join(REPO, "tests/stacks/no-network.cjs")}`,
        HANDOFF_NETWORK_LOG: join(build.root, "bundle-network.log"),
      };
      // As SST's custom resource would after a prefetch: the bound secrets' values, not placeholders.
      for (const name of Object.keys(variables)) {
        const secret = /^SST_Secret_value_(.+)$/.exec(name)?.[1];
        if (secret) childEnv[name] = secrets[secret] ?? "";
      }
      const [file, exported] = [
        handler.slice(0, handler.lastIndexOf(".")),
        handler.slice(handler.lastIndexOf(".") + 1),
      ];
      const script = `
        const mod = await import(${JSON.stringify(join(bundle, `${file}.mjs`))});
        const out = [];
        for (const event of ${JSON.stringify(events)}) out.push(await mod[${JSON.stringify(exported)}](event));
        process.stdout.write(JSON.stringify(out));`;
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
        env: childEnv,
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(child.status, child.stderr).toBe(0);
      return JSON.parse(child.stdout) as Array<Record<string, unknown>>;
    };
    const request = (method: string, path: string, headers: Record<string, string>, body = "") => ({
      rawPath: path,
      headers,
      body,
      isBase64Encoded: false,
      requestContext: { http: { method } },
    });
    // Past the key and its scope every keyed request counts against the key's rate in the table,
    // which is not here: a key outside its scope is the deepest a request gets without AWS.
    const [wrongKey, rightKeyWrongScope, forgedLink] = run("functions/api.handler", [
      request(
        "POST",
        "/enroll",
        { "x-api-key": "wrong-key-0000000000", "content-type": "application/json" },
        "{}",
      ),
      request("GET", "/enrollments/failed", { "x-api-key": "test-api-key-000000" }),
      request("GET", "/u/not-a-real-token-at-all", {}),
    ]);
    expect(wrongKey!.statusCode).toBe(401);
    // A plain-string key (the format before scopes) is an ingest key: the failed list needs admin.
    expect(rightKeyWrongScope!.statusCode).toBe(403);
    expect(JSON.parse(String(rightKeyWrongScope!.body)).needs).toBe("admin");
    expect(forgedLink!.statusCode).toBeGreaterThanOrEqual(400);
    expect(forgedLink!.statusCode).toBeLessThan(500);
    const [ignored] = run("functions/ses-events.handler", [
      {
        source: "aws.ses",
        "detail-type": "Email Delivered",
        detail: {
          eventType: "Click",
          mail: { timestamp: "2026-03-02T14:00:00.000Z", messageId: "m-1", tags: {} },
        },
      },
    ]);
    expect(ignored).toEqual({ ignored: "Click" });
    expect(existsSync(join(build.root, "bundle-network.log"))).toBe(false);
  });
});

describe("least privilege", () => {
  const actionsOf = (s: { Action?: string | string[] }) => list(s.Action);
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
    expect(granted("functions/step.pause", "states:StartExecution")).toBe(false);
    expect(granted("functions/step.decide", "states:SendTaskSuccess")).toBe(false);
    // Only the API redrives (POST /enrollments/redrive); nothing else may.
    for (const handler of handoffFunctions().keys())
      expect(granted(handler, "states:RedriveExecution"), handler).toBe(handler === "functions/api.handler");
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
  });

  it("each function reads and writes only the contacts table and its index, with the store's four calls", () => {
    const table = t.ofType("AWS::DynamoDB::Table");
    expect(table).toHaveLength(1);
    const arn = `<${table[0]!.stack}/${table[0]!.id}.Arn>`;
    // Erasure (the API) and a late event of an erased contact (the functions that ingest events) delete items.
    const deleters = ["functions/api.handler", "functions/inbound.handler", "functions/ses-events.handler"];
    for (const [handler, fn] of handoffFunctions()) {
      const dynamo = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
      const reads = dynamo.filter((s) => !actionsOf(s).includes("dynamodb:DeleteItem"));
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
        list(statement.Resource).some((r) => r !== arn && r !== `${arn}/index/${GSI1}`),
      );
    expect(others).toEqual([]);
  });

  it("erasure: only the API scans the dead-letter queues (every queue of the app) and reads and deletes stored replies", () => {
    const queues = t.ofType("AWS::SQS::Queue").map((q) => `<${q.stack}/${q.id}.Arn>`);
    expect(queues.length).toBeGreaterThanOrEqual(4);
    const [bucket] = t.ofType("AWS::S3::Bucket").filter((b) => b.stack === stackName("Email"));
    for (const [handler, fn] of handoffFunctions()) {
      const sqs = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith("sqs:")));
      const s3 = statementsOf(fn).filter((s) => actionsOf(s).some((a) => a.startsWith("s3:")));
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
      ).toEqual(["executionEvents", "inbound", "sesEvents", "sesEventsUndelivered"].sort());
      expect(environment.HANDOFF_INBOUND_PREFIX).toBe("inbound/");
    }
  });
});

describe("Data", () => {
  it("one on-demand table from src/adapters/aws/table-schema.ts, with PITR and TTL, protected on production stages", () => {
    const data = Template.fromJSON(t.template(stackName("Data")));
    data.resourceCountIs("AWS::DynamoDB::Table", 1);
    data.hasResource("AWS::DynamoDB::Table", {
      DeletionPolicy: "Retain",
      UpdateReplacePolicy: "Retain",
      Properties: Match.objectLike({
        BillingMode: "PAY_PER_REQUEST",
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TimeToLiveSpecification: { AttributeName: contactTableSchema.timeToLiveAttribute, Enabled: true },
        KeySchema: [
          { AttributeName: contactTableSchema.partitionKey.name, KeyType: "HASH" },
          { AttributeName: contactTableSchema.sortKey.name, KeyType: "RANGE" },
        ],
        GlobalSecondaryIndexes: contactTableSchema.globalSecondaryIndexes.map((index) => ({
          IndexName: index.indexName,
          KeySchema: [
            { AttributeName: index.partitionKey.name, KeyType: "HASH" },
            { AttributeName: index.sortKey.name, KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        })),
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
});

describe("Api", () => {
  it("an HTTP API with the twelve routes to functions/api.handler, on the links domain", () => {
    const api = Template.fromJSON(t.template(stackName("Api")));
    api.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
    api.hasResourceProperties("AWS::ApiGatewayV2::Api", { ProtocolType: "HTTP" });
    api.hasResourceProperties("AWS::ApiGatewayV2::DomainName", { DomainName: "go.acme.example" });
    const routes = t.ofType("AWS::ApiGatewayV2::Route");
    expect(routes.map((r) => r.props.RouteKey).sort()).toEqual(
      [
        "POST /events",
        "POST /enroll",
        "POST /tasks/{id}/complete",
        "GET /u/{token}",
        "POST /u/{token}",
        "GET /r/{token}",
        "GET /enrollments/failed",
        "POST /enrollments/redrive",
        "DELETE /contacts/{id}",
        "GET /contacts/{id}/export",
        "GET /sends/uncertain",
        "POST /contacts/{id}/stage",
      ].sort(),
    );
    for (const route of routes) {
      const integrationId = String(t.resolve(route.stack, route.props.Target)).match(/<[^/]+\/([^>]+)>/)?.[1];
      const integration = t.resource(route.stack, integrationId!);
      expect(t.target(route.stack, integration.props.IntegrationUri)?.props.Handler).toBe(
        "functions/api.handler",
      );
    }
  });
});

describe("Api: CORS and throttles (security review, finding 9)", () => {
  it("CORS answers exactly the stage's corsOrigins (none by default), with the API's headers", () => {
    const [api] = t.ofType("AWS::ApiGatewayV2::Api");
    const cors = api!.props.CorsConfiguration as Record<string, unknown>;
    expect(cors.AllowOrigins).toEqual(["https://app.acme.example"]);
    expect(cors.AllowHeaders).toEqual(
      expect.arrayContaining(["content-type", "x-api-key", "x-handoff-signature"]),
    );
    expect(cors.AllowHeaders).not.toContain("*");
    expect(cors.AllowCredentials).toBe(false);
  });

  it("the public link routes and each keyed route have their own throttle", () => {
    const [stage] = t.ofType("AWS::ApiGatewayV2::Stage");
    const settings = stage!.props.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    for (const route of ["GET /u/{token}", "POST /u/{token}", "GET /r/{token}"])
      expect(settings[route]).toEqual({ ThrottlingRateLimit: 500, ThrottlingBurstLimit: 1000 });
    for (const route of ["POST /events", "POST /enroll", "GET /enrollments/failed"])
      expect(settings[route]).toEqual({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
    const fn = handoffFunctions().get("functions/api.handler")!;
    expect((t.resolve(fn.stack, env(fn)) as Record<string, unknown>).HANDOFF_CORS_ORIGINS).toBe(
      '["https://app.acme.example"]',
    );
  });
});

describe("Alarms", () => {
  const alarms = () => t.ofType("AWS::CloudWatch::Alarm");
  const hasActions = (alarm: Located) => list(alarm.props.AlarmActions as unknown[]).length > 0;

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
      const found = alarms().filter((alarm) => {
        const dimensions = t.resolve(alarm.stack, alarm.props.Dimensions) as Array<{
          Name: string;
          Value: string;
        }>;
        return (
          alarm.props.Namespace === "AWS/States" &&
          alarm.props.MetricName === "ExecutionsFailed" &&
          (dimensions ?? []).some(
            (d) => d.Name === "StateMachineArn" && d.Value === `<${machine.stack}/${machine.id}>`,
          )
        );
      });
      expect(found, String(machine.props.StateMachineName)).toHaveLength(1);
      expect(found[0]!.props).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(hasActions(found[0]!)).toBe(true);
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

  it("any message visible in any dead-letter queue", () => {
    const queues = t.ofType("AWS::SQS::Queue");
    expect(queues.length).toBeGreaterThanOrEqual(2);
    for (const queue of queues) {
      const found = alarms().filter((alarm) => {
        const dimensions = t.resolve(alarm.stack, alarm.props.Dimensions) as Array<{
          Name: string;
          Value: string;
        }>;
        return (
          alarm.props.Namespace === "AWS/SQS" &&
          alarm.props.MetricName === "ApproximateNumberOfMessagesVisible" &&
          (dimensions ?? []).some(
            (d) => d.Name === "QueueName" && d.Value === `<${queue.stack}/${queue.id}.QueueName>`,
          )
        );
      });
      expect(found, queue.id).toHaveLength(1);
      expect(found[0]!.props).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
      expect(hasActions(found[0]!)).toBe(true);
    }
  });
});
