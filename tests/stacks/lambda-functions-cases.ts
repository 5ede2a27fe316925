import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogText, compileCatalog } from "../../src/compiler/catalog";
import { FUNCTIONS } from "../../src/core/step-lambdas";
import { REPO } from "../helpers/workspace";
import { build, env, handoffFunctions, stackName, statementsOf, t, WEBHOOK_DELIVERY } from "./built";
import { type Located, list, REGION } from "./cfn";

/** The Lambda functions: one per entry point, their environment, bundles, bound secrets and dead-letter queues. */
export function functionsCases(): void {
  describe("Lambda functions", () => {
    it("one per export of functions/step.ts, plus ses-events, execution-events, inbound, api, sla-sweep, start-due and webhooks: nodejs22.x, 256 MB", () => {
      const functions = handoffFunctions();
      expect([...functions.keys()].sort()).toEqual(
        [
          ...Object.keys(FUNCTIONS).map((key) => `functions/step.${key}`),
          "functions/ses-events.handler",
          "functions/execution-events.handler",
          "functions/inbound.handler",
          "functions/api.handler",
          "functions/sla-sweep.handler",
          "functions/start-due.handler",
          "functions/webhooks.handler",
        ].sort(),
      );
      for (const [handler, fn] of functions) {
        expect(fn.props.Runtime, handler).toBe("nodejs22.x");
        expect(fn.props.MemorySize, handler).toBe(256);
        // The webhook delivery function runs no use case of the engine: its environment is its queue (webhooks-cases.ts).
        if (handler === WEBHOOK_DELIVERY) continue;
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
        const bundle = bundleDir(fn);
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
      expect(workflows.length).toBeGreaterThanOrEqual(3);
      for (const { file, version, workflow } of workflows)
        expect(described).toContain(`${workflow.id} ${version} (${file})`);
    });

    it("bundles as stacks/bundling.ts says: the SDK inside, the light secret loader and no SST client, no S3 client, S3's signed fetch only where raw mail is read or erased", () => {
      for (const [handler, fn] of handoffFunctions()) {
        const file = join(bundleDir(fn), `${handler.slice(0, handler.lastIndexOf("."))}.mjs`);
        const code = readFileSync(file, "utf8");
        expect(code, handler).toContain("AmazonSSM.GetParameters");
        // sst/node/config's own message: its SDK-based loader is not in the bundle.
        expect(code, handler).not.toContain("Cannot access bound resources");
        expect(code, handler).not.toMatch(/from\s*["']@aws-sdk\//);
        expect(code, handler).not.toContain("S3Client");
        // The raw mail archive's operation names (src/adapters/aws/s3-raw-mail.ts): its signed fetch.
        const s3 = ["functions/api.handler", "functions/inbound.handler"].includes(handler);
        expect(code.includes('"DeleteObject"'), `${handler} carries S3's signed fetch`).toBe(s3);
      }
    });

    it("binds each SST secret only to the functions that use it, and only their roles may read it", () => {
      const functions = handoffFunctions();
      const api = ["functions/api.handler"];
      const expected: Record<string, string[]> = {
        // Signs links and reply addresses (sending) or verifies them (unsubscribe and click on the
        // API, replies on inbound).
        HANDOFF_TOKEN_KEYS: [...api, "functions/inbound.handler", "functions/step.sendEmail"],
        // Posts to Slack: nothing else depends on the Slack secret being set.
        HANDOFF_SLACK_WEBHOOKS: [
          "functions/step.handoff",
          "functions/step.notify",
          "functions/step.task",
          "functions/sla-sweep.handler",
        ],
        HANDOFF_API_KEYS: api,
        HANDOFF_SIGNING_SECRETS: api,
        HANDOFF_WEBHOOK_SECRETS: [WEBHOOK_DELIVERY],
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
          "functions/sla-sweep.handler",
          "functions/start-due.handler",
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
      expect(functions.size).toBe(15);
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
          HANDOFF_NETWORK_LOG: join(build.scratch, "bundle-network.log"),
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
      expect(existsSync(join(build.scratch, "bundle-network.log"))).toBe(false);
    });
  });
}

/** Where sst put the function's bundle (its asset directory). */
function bundleDir(fn: Located): string {
  const key = String((fn.props.Code as { S3Key: string }).S3Key).replace(/\.zip$/, "");
  return join(build.dist, `asset.${key}`);
}
