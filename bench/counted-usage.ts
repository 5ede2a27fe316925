// What contacts walking one workflow use, counted by the local runtime's meters and attributed to
// the workflow whose execution did the work: sdr-follow-up's onComplete enrolls the contact in
// long-term-nurture, whose own emails must not count as sdr-follow-up's.
//
// Attribution without touching the runtime: every execution starts inside an AsyncLocalStorage
// context naming its workflow (each machine runner's start is wrapped), so every await of that
// execution, its handlers and their store calls, runs in that context; the meters' counters in
// `runtime.usage` become accessors that also add each increment to the current workflow.
import { AsyncLocalStorage } from "node:async_hooks";
import type { LoadOptions } from "../src/compiler/load";
import { enroll, upsertContact } from "../src/core/engine/enroll-contact";
import { type ExecutionRecord, LocalRuntime } from "../src/runtime/local-runtime";
import { meterInvocation, type Usage } from "../src/runtime/meters";
import { PRICES } from "../src/runtime/prices";
import type { StateHistories } from "./state-history";

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

/** How the contacts of a counted run look and what else it records. */
export interface CountedRunOptions {
  /** The workspace to compile (default the repository's workflows and templates). */
  load?: LoadOptions;
  /** Contact i's time zone is `timezones[i % length]` (undefined: the settings' default); default New York. */
  timezones?: readonly (string | undefined)[];
  /** Records the states every execution enters (the runtime's onExecutionEvent). */
  histories?: StateHistories;
  /** Share of the virtual horizon done, from 0 to 1. */
  onProgress?: (fraction: number) => void;
}

/** What a counted run used per contact, and the executions of the workflow it counted. */
export interface CountedRun {
  perContact: PerContact;
  /** `workflowId`'s own executions (an onComplete's enrollment elsewhere is not one). */
  executions: ExecutionRecord[];
}

/**
 * Every execution runs inside a context naming its workflow, however it started (an enrollment, a
 * scheduled start, a redrive): each runner's start is wrapped, so the handlers' and the store's
 * use during the execution is attributed to the workflow that ran them.
 */
function attributeExecutions(runtime: LocalRuntime, als: AsyncLocalStorage<string>): void {
  for (const [workflowId, runner] of runtime.runners) {
    const start = runner.start.bind(runner);
    runner.start = (...args) => als.run(workflowId, () => start(...args));
  }
}

/** Enrolls contact i of `contacts` at its instant of the week, through the enrollment API's use case. */
function scheduleEnrollments(
  runtime: LocalRuntime,
  als: AsyncLocalStorage<string>,
  plan: { workflowId: string; contacts: number; timezones: readonly (string | undefined)[] },
): void {
  const { workflowId, contacts, timezones } = plan;
  const owners = runtime.deps.catalog.settings.owners;
  for (let i = 0; i < contacts; i++) {
    const id = `bench-${workflowId}-${i}`;
    const timezone = timezones[i % timezones.length];
    runtime.schedule(START + Math.floor((i * 7 * DAY) / contacts), () =>
      als.run(workflowId, () =>
        meterInvocation(runtime.usage, "api", async () => {
          await upsertContact(runtime.deps, {
            id,
            email: `${id}@example.com`,
            firstName: "Ana",
            ...(timezone ? { timezone } : {}),
            ...(owners.length ? { owner: owners[i % owners.length]!.id } : {}),
          });
          const outcome = await enroll(runtime.deps, id, workflowId);
          if (outcome.status !== "enrolled") throw new Error(`${id}: ${outcome.status}`);
        }),
      ),
    );
  }
}

/**
 * `contacts` contacts enrolled in `workflowId` through the enrollment API's use case, over a week,
 * none of them engaging (every email goes out, every wait runs its course); what each used of
 * `workflowId`'s own executions, its enrollment API call included.
 */
export async function countedRun(
  workflowId: string,
  contacts: number,
  options: CountedRunOptions = {},
): Promise<CountedRun> {
  const runtime = await LocalRuntime.start({
    ...options.load,
    start: new Date(START),
    backend: "memory",
    ...(options.histories ? { onExecutionEvent: options.histories.observe } : {}),
  });
  const als = new AsyncLocalStorage<string>();
  const byWorkflow = attribute(runtime.usage, als);
  attributeExecutions(runtime, als);
  try {
    const timezones = options.timezones ?? ["America/New_York"];
    scheduleEnrollments(runtime, als, { workflowId, contacts, timezones });
    const horizon = START + HORIZON_DAYS * DAY;
    await runtime.runUntil(horizon, (now) => options.onProgress?.((now - START) / (horizon - START)));
    const own = [...runtime.executions.values()].filter((execution) => execution.workflowId === workflowId);
    const unfinished = own.filter((execution) => execution.status !== "succeeded");
    if (unfinished.length)
      throw new Error(
        `${unfinished.length} ${workflowId} executions did not succeed: ${unfinished[0]!.error}`,
      );
    const transitions = own.reduce((sum, execution) => sum + execution.handle.transitions(), 0);
    const row = byWorkflow.get(workflowId)!;
    const perContact = {
      stateTransitions: transitions / contacts,
      lambdaInvocations: row.lambdaInvocations / contacts,
      lambdaGbSeconds: gbSeconds(row.lambdaInvocations) / contacts,
      dynamodbReadUnits: row.dynamodbReadUnits / contacts,
      dynamodbWriteUnits: row.dynamodbWriteUnits / contacts,
      sesSends: row.sesSends / contacts,
    };
    return { perContact, executions: own };
  } finally {
    await runtime.close();
  }
}

/** countedRun's use per contact, New York contacts, the repository's workspace. */
export async function countedUsage(workflowId: string, contacts: number): Promise<PerContact> {
  return (await countedRun(workflowId, contacts)).perContact;
}
