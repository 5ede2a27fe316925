// What contacts walking one workflow use, counted by the local runtime's meters and attributed to
// the workflow whose execution did the work: sdr-follow-up's onComplete enrolls the contact in
// long-term-nurture, whose own emails must not count as sdr-follow-up's.
//
// Attribution without touching the runtime: every execution starts inside an AsyncLocalStorage
// context naming its workflow (the engine's WorkflowControl is wrapped), so every await of that
// execution, its handlers and their store calls, runs in that context; the meters' counters in
// `runtime.usage` become accessors that also add each increment to the current workflow.
import { AsyncLocalStorage } from "node:async_hooks";
import { enroll, upsertContact } from "../src/core/engine/enroll-contact";
import type { WorkflowControl } from "../src/core/ports";
import { LocalRuntime } from "../src/runtime/local-runtime";
import { meterInvocation, type Usage } from "../src/runtime/meters";
import { PRICES } from "../src/runtime/prices";

export interface PerContact {
  stateTransitions: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  sesSends: number;
}

const DAY = 86_400_000;
/** Monday 2026-03-02 00:00 UTC, as the simulator; enrollments spread evenly over the week after. */
const START = Date.parse("2026-03-02T00:00:00Z");
/** Long enough for the longest sample (long-term-nurture: 14 weeks of waits). */
const HORIZON_DAYS = 150;

const COUNTERS = ["lambdaInvocations", "dynamodbReadUnits", "dynamodbWriteUnits", "sesSends"] as const;
type Counter = (typeof COUNTERS)[number];

export const gbSeconds = (invocations: number) =>
  invocations * PRICES.lambdaAverageSeconds * PRICES.lambdaMemoryGb;

/** Makes `usage`'s counters also count, by workflow, what runs inside `als`. */
function attribute(usage: Usage, als: AsyncLocalStorage<string>) {
  const byWorkflow = new Map<string, Record<Counter, number>>();
  for (const counter of COUNTERS) {
    let total = usage[counter];
    Object.defineProperty(usage, counter, {
      enumerable: true,
      get: () => total,
      set: (next: number) => {
        const workflow = als.getStore() ?? "(none)";
        const row = byWorkflow.get(workflow) ?? {
          lambdaInvocations: 0,
          dynamodbReadUnits: 0,
          dynamodbWriteUnits: 0,
          sesSends: 0,
        };
        row[counter] += next - total;
        byWorkflow.set(workflow, row);
        total = next;
      },
    });
  }
  return byWorkflow;
}

/**
 * `contacts` contacts enrolled in `workflowId` through the enrollment API's use case, over a week,
 * none of them engaging (every email goes out, every wait runs its course); what each used of
 * `workflowId`'s own executions, its enrollment API call included.
 */
export async function countedUsage(workflowId: string, contacts: number): Promise<PerContact> {
  const runtime = await LocalRuntime.start({ start: new Date(START), backend: "memory" });
  const als = new AsyncLocalStorage<string>();
  const byWorkflow = attribute(runtime.usage, als);
  const start: WorkflowControl["startExecution"] = (id, name, input) =>
    als.run(id, () => control.startExecution(id, name, input));
  const control = runtime.deps.control;
  runtime.deps.control = new Proxy(control, {
    get: (target, key) => {
      if (key === "startExecution") return start;
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  try {
    const owners = runtime.deps.catalog.settings.owners;
    for (let i = 0; i < contacts; i++) {
      const id = `bench-${workflowId}-${i}`;
      runtime.schedule(START + Math.floor((i * 7 * DAY) / contacts), () =>
        als.run(workflowId, () =>
          meterInvocation(runtime.usage, "api", async () => {
            await upsertContact(runtime.deps, {
              id,
              email: `${id}@example.com`,
              firstName: "Ana",
              timezone: "America/New_York",
              ...(owners.length ? { owner: owners[i % owners.length]!.id } : {}),
            });
            const outcome = await enroll(runtime.deps, id, workflowId);
            if (outcome.status !== "enrolled") throw new Error(`${id}: ${outcome.status}`);
          }),
        ),
      );
    }
    await runtime.runUntil(START + HORIZON_DAYS * DAY);
    const own = [...runtime.executions.values()].filter((execution) => execution.workflowId === workflowId);
    const unfinished = own.filter((execution) => execution.status !== "succeeded");
    if (unfinished.length)
      throw new Error(
        `${unfinished.length} ${workflowId} executions did not succeed: ${unfinished[0]!.error}`,
      );
    const transitions = own.reduce((sum, execution) => sum + execution.handle.transitions(), 0);
    const row = byWorkflow.get(workflowId)!;
    return {
      stateTransitions: transitions / contacts,
      lambdaInvocations: row.lambdaInvocations / contacts,
      lambdaGbSeconds: gbSeconds(row.lambdaInvocations) / contacts,
      dynamodbReadUnits: row.dynamodbReadUnits / contacts,
      dynamodbWriteUnits: row.dynamodbWriteUnits / contacts,
      sesSends: row.sesSends / contacts,
    };
  } finally {
    await runtime.close();
  }
}
