/**
 * Imported first by every Lambda bundle (stacks/secret-shim-plugin.ts): copies the SST secrets bound
 * to the function into the environment variables functions/wiring.ts reads (HANDOFF_TOKEN_KEYS, …).
 * Its top-level await reads them from SSM once per cold start (stacks/runtime/bound-secrets.ts, one
 * signed GetParameters call), before the handler module runs; the values live in this process's
 * memory only, never in the function's configuration. A variable already set in the environment wins.
 */
import { SECRET_NAMES, SETTINGS_SECRETS_VARIABLE } from "../secret-names";
import { loadBoundSecrets } from "./bound-secrets";
import { ssmConnectionFromEnvironment, ssmGetParameters } from "./ssm-parameters";

const namedBySettings = JSON.parse(process.env[SETTINGS_SECRETS_VARIABLE] ?? "[]") as string[];

Object.assign(
  process.env,
  await loadBoundSecrets({
    environment: process.env,
    names: [...Object.values(SECRET_NAMES), ...namedBySettings].filter(
      (name) => process.env[name] === undefined,
    ),
    getParameters: () => ssmGetParameters(ssmConnectionFromEnvironment(process.env)),
  }),
);
