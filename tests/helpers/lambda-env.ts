import { join } from "node:path";
import { REPO } from "./workspace";

/** The sample workspace's workflows, as state machines the stubbed Step Functions knows. */
const SAMPLE_WORKFLOWS = ["trial-nurture", "sdr-follow-up", "long-term-nurture", "webinar-follow-up"];

/**
 * The environment the stacks give every Handoff function, pointed at local servers: the region,
 * local credentials, an endpoint per AWS service (`AWS_ENDPOINT_URL_<SERVICE>`), the table, the
 * configuration set, the sample machines and the bundled workflows and templates. A test adds
 * what its function is bound to (secrets, buckets, queues) in `extra`.
 */
export function localLambdaEnv(options: {
  table: string;
  endpoints: Record<string, string>;
  extra?: Record<string, string>;
}): Record<string, string> {
  const machines = Object.fromEntries(
    SAMPLE_WORKFLOWS.map((id) => [id, `arn:aws:states:us-east-1:000000000000:stateMachine:${id}`]),
  );
  return {
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
    HANDOFF_WORKFLOWS_DIR: join(REPO, "workflows"),
    HANDOFF_TEMPLATES_DIR: join(REPO, "templates"),
    ...options.extra,
  };
}
