import { readFileSync } from "node:fs";
import validateAsl from "asl-validator";
import { describe, expect, it } from "vitest";
import { aslText } from "../../src/compiler/asl-text";
import { compileWorkflow } from "../../src/compiler/compile";
import { compileWorkspace } from "../../src/compiler/pipeline";
import { uninterruptedPaths } from "../../src/compiler/transitions";
import { FUNCTIONS, placeholdersIn } from "../../src/core/step-lambdas";
import { SAMPLE_WORKFLOWS } from "../helpers/workspace";

const compilation = compileWorkspace();
const SAMPLES = SAMPLE_WORKFLOWS;
/** Samples made of emails, waits, a branch or split and a task: at most 2 transitions per email. */
const EMAIL_AND_WAIT_ONLY = ["trial-nurture", "sdr-follow-up", "long-term-nurture"];

describe("compiling the sample workflows", () => {
  it("compiles every campaign and sequence in workflows/", () => {
    expect(compilation.violations.filter((v) => v.severity === "error")).toEqual([]);
    expect(compilation.machines.map((m) => m.workflow.id).sort()).toEqual([...SAMPLES].sort());
  });

  describe.each(SAMPLES)("%s", (id) => {
    const machine = compilation.machines.find((m) => m.workflow.id === id)!;

    it("passes asl-validator", () => {
      const result = validateAsl(structuredClone(machine.definition), { checkArn: true, checkPaths: true });
      expect(result.errorsText("\n")).toBe("");
      expect(result.isValid).toBe(true);
    });

    it("matches tests/fixtures/asl exactly", () => {
      const expected = readFileSync(`tests/fixtures/asl/${id}.asl.json`, "utf8");
      expect(aslText(machine.definition)).toBe(expected);
    });

    it("uses JSONPath only and known function placeholders", () => {
      const text = aslText(machine.definition);
      expect(machine.definition.QueryLanguage).toBe("JSONPath");
      expect(text).not.toMatch(/\{%/);
      expect(text).not.toMatch(/"(Arguments|Output|Assign)"/);
      const known = Object.values(FUNCTIONS) as string[];
      for (const name of placeholdersIn(text)) expect(known).toContain(name);
    });

    it("enters one state per step on every uninterrupted path, plus the ending", () => {
      const steps = new Set(machine.workflow.steps.map((step) => step.id));
      const paths = uninterruptedPaths(machine.definition);
      expect(paths.length).toBeGreaterThan(0);
      for (const path of paths) {
        expect(path.emails).toBeGreaterThan(0);
        // The ending: the settle pause after the last step and the completion task.
        const extra = path.states.filter((state) => !steps.has(state));
        expect(extra, path.states.join(" > ")).toEqual(
          path.states.includes("Settle") ? ["Settle", "Complete"] : extra.filter((x) => x === "Complete"),
        );
      }
    });

    it("lets every pause be cut short by an interrupt", () => {
      for (const [name, state] of Object.entries(machine.definition.States)) {
        if (state.Type !== "Task" || !state.Resource.endsWith(".waitForTaskToken")) continue;
        const caught = (state.Catch ?? []).flatMap((c) => c.ErrorEquals);
        expect(caught, name).toContain("Handoff.Interrupt.Exit");
        expect(caught, name).toContain(
          machine.workflow.kind === "campaign" ? "Handoff.Interrupt.Handoff" : "Handoff.Interrupt.Stop",
        );
        expect(caught, name).toContain("States.Timeout");
      }
    });
  });
});

describe.each(EMAIL_AND_WAIT_ONLY)("%s, made of emails and waits", (id) => {
  const machine = compilation.machines.find((m) => m.workflow.id === id)!;

  it("spends at most 2 state transitions per email, plus the ending, on every uninterrupted path", () => {
    for (const path of uninterruptedPaths(machine.definition)) {
      const ending = path.states.includes("Settle") ? 2 : 0;
      expect(path.transitions, path.states.join(" > ")).toBeLessThanOrEqual(2 * path.emails + ending);
    }
  });
});

describe("window-aware waits before a branch", () => {
  const settings = compilation.workspace.settings[0]!.value;
  const trial = compilation.machines.find((m) => m.workflow.id === "trial-nurture")!.workflow;
  const wait2 = (workflow: typeof trial) =>
    compileWorkflow(workflow, settings).States["wait-2"] as {
      TimeoutSeconds?: number;
      TimeoutSecondsPath?: string;
    };

  it("end when the branch's emails may go out when they all share a send window (trial-nurture's wait-2)", () => {
    expect(wait2(trial)).toMatchObject({ TimeoutSecondsPath: "$.Payload.pause.seconds" });
  });

  it("keep their own length when the branch's emails have different windows", () => {
    const steps = trial.steps.map((step) =>
      step.id === "case-study" && step.type === "email"
        ? {
            ...step,
            sendWindow: { days: "sat-sun" as const, hours: "10:00-12:00", timezone: "contact" as const },
          }
        : step,
    );
    expect(wait2({ ...trial, steps })).toMatchObject({ TimeoutSeconds: 2 * 86400 });
  });
});

describe("the cost of the naive shape, for comparison", () => {
  it("counts the uninterrupted transitions of trial-nurture", () => {
    const machine = compilation.machines.find((m) => m.workflow.id === "trial-nurture")!;
    const [path] = uninterruptedPaths(machine.definition);
    // 5 emails, 4 waits and a branch: 10 transitions, plus the settle pause and the completion;
    // send + wait + choice per step would be about 3 per email.
    expect(path!.transitions).toBe(12);
    expect(path!.emails).toBe(5);
  });
});

describe("goal and settle", () => {
  const settings = compilation.workspace.settings[0]!.value;
  const trial = compilation.machines.find((m) => m.workflow.id === "trial-nurture")!.workflow;

  it("routes every task state to Converted on the goal's interrupt", () => {
    const definition = compileWorkflow({ ...trial, goal: { event: "demo.requested" } }, settings);
    expect(definition.States.Converted).toEqual({
      Type: "Succeed",
      Comment: "goal reached (recorded on the enrollment)",
    });
    for (const [name, state] of Object.entries(definition.States)) {
      if (state.Type !== "Task" || name === "Hand off" || name === "Complete") continue;
      expect(state.Catch?.find((c) => c.ErrorEquals.includes("Handoff.Interrupt.Convert"))?.Next, name).toBe(
        "Converted",
      );
    }
  });

  it("adds no Converted state to a workflow without a goal", () => {
    const { goal: _, ...withoutGoal } = trial;
    const definition = compileWorkflow(withoutGoal, settings);
    expect(definition.States.Converted).toBeUndefined();
    expect(aslText(definition)).not.toContain("Handoff.Interrupt.Convert");
  });

  it('ends at once after the last step with "settle": "0m": the last email completes the enrollment', () => {
    const definition = compileWorkflow({ ...trial, settle: "0m" }, settings);
    expect(definition.States.Settle).toBeUndefined();
    const last = definition.States["last-call"] as unknown as {
      End?: boolean;
      Parameters: { Payload: { complete?: unknown } };
    };
    expect(last.End).toBe(true);
    expect(last.Parameters.Payload.complete).toEqual({});
  });

  it("keeps a settle of the given length, interruptible like any pause", () => {
    const definition = compileWorkflow({ ...trial, settle: "12h" }, settings);
    const settle = definition.States.Settle as {
      TimeoutSeconds: number;
      Catch: Array<{ ErrorEquals: string[] }>;
    };
    expect(settle.TimeoutSeconds).toBe(12 * 3600);
    const caught = settle.Catch.flatMap((c) => c.ErrorEquals);
    expect(caught).toEqual(
      expect.arrayContaining(["Handoff.Interrupt.Handoff", "Handoff.Interrupt.Exit", "States.Timeout"]),
    );
    expect(validateAsl(structuredClone(definition), { checkArn: true, checkPaths: true }).isValid).toBe(true);
  });
});
