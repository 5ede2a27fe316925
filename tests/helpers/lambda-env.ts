import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTable } from "../../src/adapters/aws/table-schema";
import { catalogText, compileCatalog } from "../../src/compiler/catalog";
import { type LocalDynamo, startDynalite } from "./dynalite";
import { type LocalSes, startLocalSes } from "./local-ses";
import { type SfnStub, startSfnStub } from "./sfn-stub";
import { startedForTests } from "./stand-in";
import { DEPLOYED_WORKFLOWS, REPO } from "./workspace";

let sampleCatalog: Promise<string> | undefined;

/**
 * The sample workspace's catalog.json, compiled as the stacks compile it (compileCatalog, catalogText)
 * and written once per test process to a temporary file, removed when the process exits.
 */
export function sampleCatalogFile(): Promise<string> {
  sampleCatalog ??= compileCatalog({ cwd: REPO }).then(({ file }) => {
    const dir = mkdtempSync(join(tmpdir(), "handoff-catalog-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, "catalog.json");
    writeFileSync(path, catalogText(file));
    return path;
  });
  return sampleCatalog;
}

/**
 * Sets this process's environment to the one the stacks give every Handoff function, pointed at
 * local servers: the region, local credentials, an endpoint per AWS service
 * (`AWS_ENDPOINT_URL_<SERVICE>`), the table, the configuration set, the sample machines and the
 * sample catalog.json. A test adds what its function is bound to (secrets, buckets, queues) in `extra`.
 */
export async function setLocalLambdaEnv(options: {
  table: string;
  endpoints: Record<string, string>;
  extra?: Record<string, string>;
}): Promise<void> {
  // The sample workspace's deployed workflows, as state machines the stubbed Step Functions knows.
  const machines = Object.fromEntries(
    DEPLOYED_WORKFLOWS.map((id) => [id, `arn:aws:states:us-east-1:000000000000:stateMachine:${id}`]),
  );
  Object.assign(process.env, {
    AWS_REGION: "us-east-1",
    POWERTOOLS_LOG_LEVEL: "SILENT",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    ...Object.fromEntries(
      Object.entries(options.endpoints).map(([service, url]) => [`AWS_ENDPOINT_URL_${service}`, url]),
    ),
    HANDOFF_TABLE: options.table,
    HANDOFF_CONFIGURATION_SET: "handoff",
    HANDOFF_STATE_MACHINES: JSON.stringify(machines),
    HANDOFF_CATALOG: await sampleCatalogFile(),
    ...options.extra,
  });
}

/** The servers every entry point test reaches: dynalite, aws-ses-v2-local and the Step Functions stub. */
export interface LocalAws {
  dynamo: LocalDynamo;
  ses: LocalSes;
  sfn: SfnStub;
  /** Their endpoints by service, as `setLocalLambdaEnv` takes them. */
  endpoints: Record<string, string>;
}

/** Starts the servers every entry point test reaches, and creates `table` in dynalite. */
async function startLocalAws(table: string): Promise<LocalAws> {
  const [dynamo, ses, sfn] = await Promise.all([startDynalite(), startLocalSes(), startSfnStub()]);
  await createTable(dynamo.client, table);
  return {
    dynamo,
    ses,
    sfn,
    endpoints: { DYNAMODB: dynamo.endpoint, SESV2: ses.endpoint, SFN: sfn.endpoint },
  };
}

/** Removes the Lambda environment a test set, and closes the servers. */
async function stopLocalAws(aws: LocalAws): Promise<void> {
  for (const name of Object.keys(process.env))
    if (name.startsWith("HANDOFF_") || name.startsWith("AWS_ENDPOINT_URL_")) delete process.env[name];
  await Promise.all([aws.dynamo.close(), aws.ses.close(), aws.sfn.close()]);
}

/**
 * The local servers for the calling test file, with `table` created in dynalite: started before
 * its tests (the file's own beforeAll, registered after this, then sets the environment and
 * imports the functions); after them, the Lambda environment is removed and the servers closed.
 */
export function localAwsForTests(table: string): LocalAws {
  return startedForTests(() => startLocalAws(table), stopLocalAws);
}
