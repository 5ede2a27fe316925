import { afterEach, describe, expect, it, vi } from "vitest";
import { SecretsUnavailableError } from "../../src/core/errors";
import { boundVariable, fallbackPath, loadBoundSecrets, stagePath } from "../../stacks/runtime/bound-secrets";
import { ssmConnectionFromEnvironment, ssmGetParameters } from "../../stacks/runtime/ssm-parameters";
import { startSsmStub } from "../helpers/ssm-stub";
import { stubForTests } from "../helpers/stub-server";

// The secret loader every bundle imports first (stacks/runtime/secret-env.ts) against a local server
// speaking SSM's GetParameters (tests/helpers/ssm-stub.ts): SST v2's names, the fallback, the
// error for a secret set nowhere, and the signed request SSM would accept.

const ssm = stubForTests(startSsmStub);
const PREFIX = "/sst/handoff/dev/";

/** A Lambda function's environment on stage `dev`, bound `bound` (SST's placeholder for each). */
function lambdaEnvironment(bound: string[], extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    AWS_SESSION_TOKEN: "session-token",
    AWS_ENDPOINT_URL_SSM: ssm.endpoint,
    SST_APP: "handoff",
    SST_STAGE: "dev",
    SST_SSM_PREFIX: PREFIX,
    ...Object.fromEntries(bound.map((name) => [boundVariable(name), "__FETCH_FROM_SSM__"])),
    ...extra,
  };
}

function load(environment: NodeJS.ProcessEnv, names: string[]) {
  return loadBoundSecrets({
    environment,
    names,
    getParameters: () => ssmGetParameters({ ...ssmConnectionFromEnvironment(environment), attempts: 2 }),
  });
}

describe("the secret loader on a local SSM", () => {
  it("reads the bound secrets from the stage's parameters in one signed, decrypted call", async () => {
    ssm.parameters.set(`${PREFIX}Secret/HANDOFF_TOKEN_KEYS/value`, '{"current":"k1"}');
    ssm.parameters.set(`${PREFIX}Secret/HANDOFF_API_KEYS/value`, "[]");
    const environment = lambdaEnvironment(["HANDOFF_TOKEN_KEYS", "HANDOFF_API_KEYS"]);
    const values = await load(environment, [
      "HANDOFF_TOKEN_KEYS",
      "HANDOFF_API_KEYS",
      "HANDOFF_SLACK_WEBHOOKS",
    ]);
    // HANDOFF_SLACK_WEBHOOKS is not bound to this function: skipped, never asked for.
    expect(values).toEqual({ HANDOFF_TOKEN_KEYS: '{"current":"k1"}', HANDOFF_API_KEYS: "[]" });
    expect(ssm.calls).toEqual([
      {
        names: [stagePath(environment, "HANDOFF_TOKEN_KEYS"), stagePath(environment, "HANDOFF_API_KEYS")],
        withDecryption: true,
        signatureValid: true,
        sessionToken: "session-token",
      },
    ]);
  });

  it("takes the app's fallback for a secret the stage has no value of, the stage's value otherwise", async () => {
    const environment = lambdaEnvironment(["HANDOFF_TOKEN_KEYS", "HANDOFF_SLACK_WEBHOOKS"]);
    ssm.parameters.set(stagePath(environment, "HANDOFF_TOKEN_KEYS"), "stage");
    ssm.parameters.set(fallbackPath(environment, "HANDOFF_TOKEN_KEYS"), "fallback, not read");
    ssm.parameters.set("/sst/handoff/.fallback/Secret/HANDOFF_SLACK_WEBHOOKS/value", "{}");
    const values = await load(environment, ["HANDOFF_TOKEN_KEYS", "HANDOFF_SLACK_WEBHOOKS"]);
    expect(values).toEqual({ HANDOFF_TOKEN_KEYS: "stage", HANDOFF_SLACK_WEBHOOKS: "{}" });
    expect(ssm.calls.map((call) => call.names)).toEqual([
      [stagePath(environment, "HANDOFF_TOKEN_KEYS"), stagePath(environment, "HANDOFF_SLACK_WEBHOOKS")],
      ["/sst/handoff/.fallback/Secret/HANDOFF_SLACK_WEBHOOKS/value"],
    ]);
  });

  it("stops the cold start, naming the secrets set nowhere and how to set them", async () => {
    const environment = lambdaEnvironment(["HANDOFF_TOKEN_KEYS", "HANDOFF_API_KEYS"]);
    ssm.parameters.set(stagePath(environment, "HANDOFF_API_KEYS"), "[]");
    const failure = load(environment, ["HANDOFF_TOKEN_KEYS", "HANDOFF_API_KEYS"]);
    await expect(failure).rejects.toThrow(SecretsUnavailableError);
    await expect(load(environment, ["HANDOFF_TOKEN_KEYS"])).rejects.toThrow(
      'The following secret values are not set in the "dev" stage: HANDOFF_TOKEN_KEYS (npx sst secrets set NAME value --stage dev)',
    );
  });

  it("makes no call for a function bound no secret, and takes a value SST wrote in place of the placeholder", async () => {
    const environment = lambdaEnvironment([], { [boundVariable("HANDOFF_API_KEYS")]: "[]" });
    const getParameters = vi.fn(() => ssmGetParameters(ssmConnectionFromEnvironment(environment)));
    const values = await loadBoundSecrets({
      environment,
      names: ["HANDOFF_API_KEYS", "HANDOFF_TOKEN_KEYS"],
      getParameters,
    });
    expect(values).toEqual({ HANDOFF_API_KEYS: "[]" });
    expect(getParameters).not.toHaveBeenCalled();
    expect(ssm.calls).toEqual([]);
  });

  it("asks for at most 10 names a call, as SSM takes", async () => {
    const names = Array.from({ length: 12 }, (_, i) => `SECRET_${i}`);
    const environment = lambdaEnvironment(names);
    for (const name of names) ssm.parameters.set(stagePath(environment, name), name.toLowerCase());
    const values = await load(environment, names);
    expect(Object.keys(values)).toHaveLength(12);
    expect(ssm.calls.map((call) => call.names.length).sort()).toEqual([10, 2]);
  });

  it("retries a call SSM throttled, and names SSM's refusal when it refuses for good", async () => {
    const environment = lambdaEnvironment(["HANDOFF_TOKEN_KEYS"]);
    ssm.parameters.set(stagePath(environment, "HANDOFF_TOKEN_KEYS"), "keys");
    ssm.failNext(1, 400, "ThrottlingException");
    await expect(load(environment, ["HANDOFF_TOKEN_KEYS"])).resolves.toEqual({ HANDOFF_TOKEN_KEYS: "keys" });
    expect(ssm.calls).toHaveLength(2);
    ssm.failNext(1, 400, "AccessDeniedException");
    await expect(load(environment, ["HANDOFF_TOKEN_KEYS"])).rejects.toThrow(
      "SSM GetParameters failed: 400 AccessDeniedException: stub: AccessDeniedException",
    );
    expect(ssm.calls).toHaveLength(3);
  });

  it("tries again a call SSM does not answer in time", async () => {
    const environment = lambdaEnvironment(["HANDOFF_TOKEN_KEYS"]);
    ssm.parameters.set(stagePath(environment, "HANDOFF_TOKEN_KEYS"), "keys");
    ssm.failNext(1, 0, "no answer");
    const values = await loadBoundSecrets({
      environment,
      names: ["HANDOFF_TOKEN_KEYS"],
      getParameters: () =>
        ssmGetParameters({ ...ssmConnectionFromEnvironment(environment), answerWithinMs: 200 }),
    });
    expect(values).toEqual({ HANDOFF_TOKEN_KEYS: "keys" });
    expect(ssm.calls).toHaveLength(2);
  });

  it("names what is missing when the function has no credentials to sign with", () => {
    const { AWS_ACCESS_KEY_ID: _, ...environment } = lambdaEnvironment(["HANDOFF_TOKEN_KEYS"]);
    expect(() => ssmConnectionFromEnvironment(environment)).toThrow(SecretsUnavailableError);
  });
});

describe("stacks/runtime/secret-env.ts, imported first by every bundle", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  });

  it("copies the bound secrets and the ones settings name into the environment before the handler runs; a variable already set wins", async () => {
    const bound = ["HANDOFF_TOKEN_KEYS", "HANDOFF_API_KEYS", "ASANA_TOKEN"];
    Object.assign(process.env, lambdaEnvironment(bound), {
      HANDOFF_SETTINGS_SECRETS: '["ASANA_TOKEN"]',
      HANDOFF_API_KEYS: "set in the environment",
    });
    delete process.env.HANDOFF_TOKEN_KEYS;
    ssm.parameters.set(`${PREFIX}Secret/HANDOFF_TOKEN_KEYS/value`, "token keys");
    ssm.parameters.set(`${PREFIX}Secret/ASANA_TOKEN/value`, "asana token");
    vi.resetModules();
    await import("../../stacks/runtime/secret-env");
    expect(process.env.HANDOFF_TOKEN_KEYS).toBe("token keys");
    expect(process.env.ASANA_TOKEN).toBe("asana token");
    expect(process.env.HANDOFF_API_KEYS).toBe("set in the environment");
    expect(ssm.calls.map((call) => call.names)).toEqual([
      [`${PREFIX}Secret/HANDOFF_TOKEN_KEYS/value`, `${PREFIX}Secret/ASANA_TOKEN/value`],
    ]);
  });
});
