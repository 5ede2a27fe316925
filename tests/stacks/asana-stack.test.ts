import { describe, expect, it } from "vitest";
import { env, handoffFunctions, statementsOf, t, useBuild } from "./built";
import { list } from "./cfn";
import { nagCases } from "./nag-cases";

// The real `sst build --stage test` of a stage with settings.integrations.asana (a second build:
// tests/stacks/stacks.test.ts builds the samples, which have no Asana).

useBuild((settings) => {
  settings.integrations = {
    asana: {
      tokenSecret: "ASANA_TOKEN",
      project: "1204567890123456",
      assignees: { "rep-ana": "ana@acme.example" },
    },
  };
});

describe("a stage with Asana, offline", () => {
  it("binds the Asana token secret only to the functions that talk to Asana, and only their roles may read it", () => {
    const functions = handoffFunctions();
    const talkToAsana = [
      "functions/step.task",
      "functions/step.handoff",
      "functions/api.handler",
      "functions/sla-sweep.handler",
    ];
    const bound = [...functions]
      .filter(([, fn]) => env(fn).SST_Secret_value_ASANA_TOKEN === "__FETCH_FROM_SSM__")
      .map(([handler]) => handler);
    expect(bound.sort()).toEqual([...talkToAsana].sort());
    for (const [handler, fn] of functions) {
      const reads = statementsOf(fn).some(
        (s) =>
          list(s.Action).some((a) => String(a).startsWith("ssm:GetParameter")) &&
          JSON.stringify(s.Resource).includes("/ASANA_TOKEN/"),
      );
      expect(reads, `${handler} may read ASANA_TOKEN`).toBe(talkToAsana.includes(handler));
      // The secret shim (stacks/runtime/secret-env.ts) learns the settings' secret names from here,
      // in every function given the deployment's environment (the webhook delivery is not: it
      // reads only its signing keys, stacks/Webhooks.ts).
      if (env(fn).HANDOFF_TABLE !== undefined)
        expect(env(fn).HANDOFF_SETTINGS_SECRETS, handler).toBe('["ASANA_TOKEN"]');
    }
  });

  it("routes Asana's webhook and the connect call to the API", () => {
    const routes = t.ofType("AWS::ApiGatewayV2::Route").map((r) => r.props.RouteKey);
    expect(routes).toContain("POST /integrations/asana/webhook");
    expect(routes).toContain("POST /integrations/asana/connect");
  });
});

// The Asana stage's extra resources (the SLA sweep and its rule) pass cdk-nag too.
nagCases();
