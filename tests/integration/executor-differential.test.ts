import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StateMachine as Definition } from "../../src/compiler/emit/asl";
import { type CallOutcome, type Scenario, traceRun } from "../helpers/executor-trace";

// The fast executor (src/runtime/asl) may run the compiled machines only while it does exactly what
// aws-local-stepfunctions (the reference) does: every golden machine, with random handler outcomes
// (payloads, thrown errors the Retry and Catch lists name and others, transient errors retried,
// tokens succeeded early or late, failed, timed out, executions aborted and redriven), gives the
// same trace in both: the events of every run (states entered with their inputs, failures,
// retries, catches), the handler calls with their payloads, the result or error, the transitions.

const FIXTURES = new URL("../fixtures/asl/", import.meta.url);
const machines = readdirSync(FIXTURES)
  .filter((file) => file.endsWith(".asl.json"))
  .map((file) => ({
    file,
    definition: JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8")) as Definition,
  }));

/** Every error name a machine's Retry and Catch lists match, and a few they do not. */
function errorNames(definition: Definition): string[] {
  const names = new Set(["Handoff.PermanentSendError", "Error", "States.Timeout"]);
  for (const state of Object.values(definition.States))
    if (state.Type === "Task")
      for (const entry of [...state.Retry, ...(state.Catch ?? [])])
        for (const name of entry.ErrorEquals) names.add(name);
  return [...names];
}

const seconds = fc.integer({ min: -1, max: 90_000 });
/** What handlers return and tokens succeed with: the shapes the machines read (pause, hold, plan) and other JSON. */
const payload = fc.oneof(
  fc.record({ seconds, slot: fc.nat(100) }, { requiredKeys: [] }),
  fc.record({ pause: fc.record({ seconds, slot: fc.nat(100) }, { requiredKeys: [] }) }),
  fc.constantFrom(undefined, null, {}, "text", 7),
  fc.dictionary(fc.constantFrom("seconds", "slot", "pause", "hold", "x"), fc.jsonValue({ maxDepth: 2 })),
);

/** What a token succeeds with: a stretched pause (read by the wait's own state) or other JSON. */
const tokenOutput = fc.oneof(
  payload.map((p) => ({ pause: p })),
  fc.dictionary(fc.constantFrom("pause", "hold", "x"), fc.jsonValue({ maxDepth: 2 })),
);

/** `value` in `weight` of `outOf` draws, else undefined. */
function sometimes<T>(value: fc.Arbitrary<T>, weight: number, outOf: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { weight: outOf - weight, arbitrary: fc.constant(undefined) },
    { weight, arbitrary: value },
  );
}

function callOutcome(names: string[]): fc.Arbitrary<CallOutcome> {
  const name = fc.constantFrom(...names);
  const settle = fc.oneof(
    { weight: 3, arbitrary: fc.constant("timeout" as const) },
    { weight: 2, arbitrary: fc.record({ succeed: tokenOutput }) },
    { weight: 2, arbitrary: fc.record({ fail: name }) },
    { weight: 1, arbitrary: fc.constant("abort" as const) },
  );
  return fc.record({
    throw: sometimes(name, 1, 4),
    value: payload,
    early: sometimes(tokenOutput, 1, 4),
    throwAfter: sometimes(name, 1, 20),
    settle,
  });
}

/** Calls, with bursts of one error in a row: enough to use up a retrier's MaxAttempts (5 and 12). */
function calls(names: string[]): fc.Arbitrary<CallOutcome[]> {
  const burst = fc
    .tuple(fc.constantFrom(...names), fc.integer({ min: 2, max: 14 }))
    .map(([name, times]) =>
      Array.from({ length: times }, (): CallOutcome => ({ throw: name, settle: "timeout" })),
    );
  const chunk = fc.oneof(
    { weight: 4, arbitrary: callOutcome(names).map((outcome) => [outcome]) },
    { weight: 1, arbitrary: burst },
  );
  return fc.array(chunk, { maxLength: 12 }).map((chunks) => chunks.flat());
}

function scenario(definition: Definition): fc.Arbitrary<Scenario> {
  return fc.record({
    input: fc.oneof(
      { weight: 9, arbitrary: fc.constant({ enrollmentId: "enr-1", contactId: "c-1" }) },
      { weight: 1, arbitrary: fc.record({ enrollmentId: fc.constant("enr-1") }) },
    ),
    calls: calls(errorNames(definition)),
    redrives: fc.nat(2),
  });
}

async function expectSameTrace(definition: Definition, run: Scenario): Promise<void> {
  const fast = await traceRun(definition, run, "fast");
  const reference = await traceRun(definition, run, "reference");
  expect({ ...fast, executor: "either" }).toEqual({ ...reference, executor: "either" });
}

describe("the fast executor against aws-local-stepfunctions", () => {
  it.each(machines)(
    "runs $file the same way when every call succeeds and every pause runs its course",
    async ({ definition }) => {
      await expectSameTrace(definition, {
        input: { enrollmentId: "enr-1", contactId: "c-1" },
        calls: [],
        redrives: 0,
      });
    },
  );

  it.each(machines)(
    "runs $file the same way under random outcomes, aborts and redrives",
    async ({ definition }) => {
      await fc.assert(
        fc.asyncProperty(scenario(definition), (run) => expectSameTrace(definition, run)),
        { numRuns: 40, seed: 17 },
      );
    },
    120_000,
  );
});
