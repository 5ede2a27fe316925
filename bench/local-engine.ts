// The engine's dependencies on a local dynalite (in a worker thread, as the runtime's "servers"
// backend runs it), for the parts measured alone: event ingest and CSV enrollment.
import { DynamoDbContactStore } from "../src/adapters/aws/dynamodb-store";
import { createTable } from "../src/adapters/aws/table-schema";
import { CapturedMailer } from "../src/adapters/local/captured-mailer";
import { CapturedSlack } from "../src/adapters/local/captured-slack";
import { catalogFromWorkspace } from "../src/compiler/catalog";
import { type EngineDeps, engineDeps } from "../src/core/engine/deps";
import type { WorkflowControl } from "../src/core/ports";
import { startServersThread } from "../src/runtime/local-servers/servers-thread";

export interface BenchEngine {
  /** Fresh dependencies on a new, empty table. */
  deps(): Promise<EngineDeps>;
  /** Executions the engine asked to start (Step Functions is not here: each is answered at once). */
  readonly started: number;
  close(): Promise<void>;
}

export async function startBenchEngine(): Promise<BenchEngine> {
  const { dynamo, ses } = await startServersThread();
  const loaded = await catalogFromWorkspace({});
  let tables = 0;
  let started = 0;
  let ids = 0;
  const clock = { now: () => new Date() };
  // No execution runs here: a start is counted and answered, no token is ever live, nothing failed.
  const control = {
    async startExecution(workflowId: string, name: string) {
      started++;
      return { executionArn: `arn:aws:states:local:000000000000:execution:${workflowId}:${name}` };
    },
    async scheduleStart() {
      started++;
    },
    sendTaskSuccess: async () => "gone" as const,
    sendTaskFailure: async () => "gone" as const,
    redriveExecution: async () => "not-redrivable" as const,
  } as WorkflowControl;
  return {
    get started() {
      return started;
    },
    async deps() {
      const tableName = `bench-${process.pid}-${++tables}`;
      await createTable(dynamo.client, tableName);
      return engineDeps({
        catalog: loaded,
        store: new DynamoDbContactStore({ client: dynamo.doc, tableName }),
        mailer: new CapturedMailer(),
        control,
        slack: new CapturedSlack({ clock }),
        clock,
        ids: { next: (prefix) => `${prefix}-${++ids}` },
        tokens: { current: "bench", keys: { bench: "bench-secret-0123456789abcdef" } },
      });
    },
    async close() {
      await Promise.all([dynamo.close(), ses.close()]);
    },
  };
}
