/**
 * The SST v2 secrets bound to a function (`bind`), read the way sst/node/config reads them, without
 * its SDK: SST sets `SST_Secret_value_<NAME>` to a placeholder for each bound secret and grants
 * ssm:GetParameters on the stage's parameter and the app's fallback (`npx sst secrets set
 * --fallback`); the stage's value wins, the fallback stands in for a stage without one, and a
 * bound secret with neither stops the cold start, naming it (as SST does).
 */
import { SecretsUnavailableError } from "../../src/core/errors";
import type { GetParameters } from "./ssm-parameters";

/** The value SST gives a bound secret's variable (sst/constructs/util/binding.js placeholderSecretValue). */
const FETCH_FROM_SSM = "__FETCH_FROM_SSM__";

/** The variable SST binds a secret by (sst/constructs/config.js envFor). */
export const boundVariable = (name: string) => `SST_Secret_value_${name}`;

/** The stage's parameter of a secret (sst/constructs/config.js pathFor; SST_SSM_PREFIX is `/sst/<app>/<stage>/`). */
export const stagePath = (environment: NodeJS.ProcessEnv, name: string) =>
  `${environment.SST_SSM_PREFIX ?? ""}Secret/${name}/value`;

/** The app's fallback parameter of a secret (sst/constructs/config.js pathFor with `fallback`). */
export const fallbackPath = (environment: NodeJS.ProcessEnv, name: string) =>
  `/sst/${environment.SST_APP}/.fallback/Secret/${name}/value`;

export interface BoundSecretsOptions {
  environment: NodeJS.ProcessEnv;
  /** The secrets asked for (their names are the variables the handlers read); those not bound are skipped. */
  names: string[];
  /** Made only when a bound secret must be fetched (a function bound none makes no call). */
  getParameters: () => GetParameters;
}

/** Reads `paths` (by secret name); returns the names SSM has no parameter for. */
async function readInto(
  values: Record<string, string>,
  get: GetParameters,
  paths: Map<string, string>,
): Promise<string[]> {
  const answer = await get([...paths.values()]);
  const missing: string[] = [];
  for (const [name, path] of paths) {
    const value = answer.values.get(path);
    if (value === undefined) missing.push(name);
    else values[name] = value;
  }
  return missing;
}

/** The values of the bound secrets among `names`, by name: the stage's, else the fallback. */
export async function loadBoundSecrets(options: BoundSecretsOptions): Promise<Record<string, string>> {
  const { environment, names } = options;
  const values: Record<string, string> = {};
  const toFetch: string[] = [];
  for (const name of names) {
    const bound = environment[boundVariable(name)];
    if (bound === undefined) continue;
    // Anything but the placeholder is the value itself (SST's prefetchSecrets writes it there).
    if (bound === FETCH_FROM_SSM) toFetch.push(name);
    else values[name] = bound;
  }
  if (toFetch.length === 0) return values;
  const get = options.getParameters();
  const missing = await readInto(values, get, new Map(toFetch.map((n) => [n, stagePath(environment, n)])));
  if (missing.length === 0) return values;
  const unset = await readInto(values, get, new Map(missing.map((n) => [n, fallbackPath(environment, n)])));
  if (unset.length > 0)
    throw new SecretsUnavailableError(
      `The following secret values are not set in the "${environment.SST_STAGE}" stage: ${unset.join(", ")} (npx sst secrets set NAME value --stage ${environment.SST_STAGE})`,
    );
  return values;
}
