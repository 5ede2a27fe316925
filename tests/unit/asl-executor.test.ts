import { readdirSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StateMachine as Definition } from "../../src/compiler/emit/asl";
import { lambdaTask } from "../../src/compiler/emit/common";
import type { StepHandler } from "../../src/core/engine/step-handlers";
import type { FunctionKey } from "../../src/core/step-lambdas";
import { compileMachine } from "../../src/runtime/asl/compile";
import { UnsupportedDefinitionError } from "../../src/runtime/asl/errors";
import { executorFor, executorKindOf, MachineRunner } from "../../src/runtime/machine-runner";
import { TokenBroker } from "../../src/runtime/token-broker";
import { VirtualClock } from "../../src/runtime/virtual-clock";

const FIXTURES = new URL("../fixtures/asl/", import.meta.url);
const golden = readdirSync(FIXTURES).filter((file) => file.endsWith(".asl.json"));
const read = (file: string) => JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8")) as Definition;

/** One task that sets a stage, then ends: the smallest machine the compiler emits. */
function oneTask(payload: Record<string, unknown>): Definition {
  return {
    Comment: "one task",
    QueryLanguage: "JSONPath",
    StartAt: "set",
    States: { set: lambdaTask({ fn: "setStage", payload }) },
  };
}

function runnerOf(definition: Definition, calls: unknown[], executor?: "fast" | "reference") {
  const clock = new VirtualClock("2026-03-02T10:00:00Z");
  const handlers = {
    setStage: async (payload: unknown) => {
      calls.push(payload);
      return { done: true };
    },
  } as unknown as Record<FunctionKey, StepHandler>;
  return new MachineRunner(
    "unit",
    definition,
    { broker: new TokenBroker(clock, () => {}), handlers, sleep: () => {} },
    {
      executor,
    },
  );
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the fast executor's subset", () => {
  it.each(golden)("takes every golden machine (%s)", (file) => {
    expect(() => compileMachine(read(file))).not.toThrow();
    expect(runnerOf(read(file), [], "fast").executorKind).toBe("fast");
  });

  const refused: Array<[string, (definition: Definition) => void]> = [
    ["a Pass state", (d) => Object.assign(d.States, { extra: { Type: "Pass", End: true } })],
    ["an InputPath", (d) => Object.assign(d.States.set!, { InputPath: "$.a" })],
    ["an OutputPath", (d) => Object.assign(d.States.set!, { OutputPath: "$.a" })],
    [
      "another resource",
      (d) => Object.assign(d.States.set!, { Resource: "arn:aws:states:::sqs:sendMessage" }),
    ],
    ["a machine-wide TimeoutSeconds", (d) => Object.assign(d, { TimeoutSeconds: 60 })],
    ["a Next to no state", (d) => Object.assign(d.States.set!, { Next: "nowhere", End: undefined })],
    ["JSONata", (d) => Object.assign(d, { QueryLanguage: "JSONata" })],
  ];
  it.each(refused)("refuses %s", (_, change) => {
    const definition = structuredClone(oneTask({}));
    change(definition);
    expect(() => compileMachine(JSON.parse(JSON.stringify(definition)))).toThrow(UnsupportedDefinitionError);
  });

  it("runs a refused definition in aws-local-stepfunctions, which evaluates what the fast one cannot", async () => {
    const calls: unknown[] = [];
    const runner = runnerOf(oneTask({ "greeting.$": "States.Format('hello {}', $.contactId)" }), calls);
    expect(runner.executorKind).toBe("reference");
    await runner.start({ contactId: "c-1" }, "exec-1").result;
    expect(calls).toEqual([{ greeting: "hello c-1" }]);
  });
});

describe("choosing and caching the executor", () => {
  it("defaults to fast; HANDOFF_EXECUTOR=reference selects the reference; the option wins", () => {
    vi.stubEnv("HANDOFF_EXECUTOR", "");
    expect(executorKindOf(undefined)).toBe("fast");
    vi.stubEnv("HANDOFF_EXECUTOR", "reference");
    expect(executorKindOf(undefined)).toBe("reference");
    expect(executorKindOf("fast")).toBe("fast");
    vi.stubEnv("HANDOFF_EXECUTOR", "quick");
    expect(() => executorKindOf(undefined)).toThrow(/HANDOFF_EXECUTOR is 'quick'/);
  });

  it("builds each executor once per definition object (a reused catalog validates nothing again)", () => {
    const definition = read(golden[0]!);
    for (const kind of ["fast", "reference"] as const) {
      expect(executorFor(definition, kind).executor).toBe(executorFor(definition, kind).executor);
      expect(executorFor(structuredClone(definition), kind).executor).not.toBe(
        executorFor(definition, kind).executor,
      );
    }
  });

  it("ends a run the same way in both: the result, and a failure wrapped with its cause", async () => {
    for (const executor of ["fast", "reference"] as const) {
      const calls: unknown[] = [];
      const runner = runnerOf(oneTask({ "contactId.$": "$.contactId" }), calls, executor);
      expect(await runner.start({ contactId: "c-1" }, "exec-1").result).toEqual({ contactId: "c-1" });
      const failed = await runner.start({}, "exec-2").result.catch((error: Error) => error);
      expect(failed).toMatchObject({ name: "ExecutionError", cause: { name: "States.Runtime" } });
    }
  });
});
