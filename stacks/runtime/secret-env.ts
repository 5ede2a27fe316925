/**
 * Injected (esbuild `inject`) into every Lambda bundle: copies the SST secrets bound to the function
 * into the environment variables functions/wiring.ts reads (HANDOFF_TOKEN_KEYS, …). Importing
 * sst/node/config fetches the bound secrets from SSM once per cold start (top-level await), before
 * the handler module runs. A variable already set in the environment wins.
 */
import { Config } from "sst/node/config";
import { SECRET_NAMES, SETTINGS_SECRETS_VARIABLE } from "../secret-names";

const bound = Config as unknown as Record<string, string | undefined>;

const namedBySettings = JSON.parse(process.env[SETTINGS_SECRETS_VARIABLE] ?? "[]") as string[];

for (const name of [...Object.values(SECRET_NAMES), ...namedBySettings]) {
  // `in` asks the proxy's target, so a secret not bound to this function is skipped, not thrown.
  if (process.env[name] === undefined && name in bound) process.env[name] = bound[name];
}
