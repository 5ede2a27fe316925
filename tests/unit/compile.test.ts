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
/** Samples made of emails, waits, a branch or split and a task. */
const EMAIL_AND_WAIT_ONLY = ["trial-nurture", "sdr-follow-up", "long-term-nurture"];

/** The steps of a path that are neither emails nor waits (decisions, tasks, stage changes…). */
function otherSteps(
  workflow: { steps: ReadonlyArray<{ id: string; type: string }> },
  states: string[],
): number {
  const types = new Map(workflow.steps.map((step) => [step.id, step.type]));
  return states.filter((state) => types.has(state) && !["email", "wait"].includes(types.get(state)!)).length;
}

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

    it("enters no wait after an email on an ordinary path: the email state keeps it", () => {
      for (const path of uninterruptedPaths(machine.definition)) {
        const ending = path.states.includes("Settle") ? 2 : 1;
        expect(path.transitions, path.states.join(" > ")).toBeLessThanOrEqual(
          path.emails + otherSteps(machine.workflow, path.states) + ending,
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

  it("spends 1 state transition per email and its wait, plus decisions, tasks and the ending", () => {
    for (const path of uninterruptedPaths(machine.definition)) {
      expect(path.transitions, path.states.join(" > ")).toBeLessThanOrEqual(
        path.emails + otherSteps(machine.workflow, path.states) + 1,
      );
    }
  });

  it("spends at most 2 per email, plus the ending, when every pause is stretched", () => {
    const paths = uninterruptedPaths(machine.definition, { stretched: true });
    expect(paths.length).toBeGreaterThan(uninterruptedPaths(machine.definition).length);
    for (const path of paths)
      expect(path.transitions, path.states.join(" > ")).toBeLessThanOrEqual(2 * path.emails + 1);
  });
});

describe("an email and the wait after it, in one state", () => {
  const settings = compilation.workspace.settings[0]!.value;
  const trial = compilation.machines.find((m) => m.workflow.id === "trial-nurture")!.workflow;
  type Task = {
    Resource: string;
    TimeoutSeconds?: number;
    TimeoutSecondsPath?: string;
    ResultPath: string | null;
    Parameters: { Payload: Record<string, unknown> };
    Catch: Array<{ ErrorEquals: string[]; Next: string }>;
    Next?: string;
  };
  const state = (workflow: typeof trial, name: string) =>
    compileWorkflow(workflow, settings).States[name] as unknown as Task;
  const withSteps = (change: (step: (typeof trial.steps)[number]) => (typeof trial.steps)[number]) => ({
    ...trial,
    steps: trial.steps.map(change),
  });

  it("sends, then sleeps the wait's length on its token: the timeout goes on, a success goes to the wait's own state", () => {
    const welcome = state(trial, "welcome");
    expect(welcome.Resource).toBe("arn:aws:states:::lambda:invoke.waitForTaskToken");
    expect(welcome).toMatchObject({ TimeoutSeconds: 86400, ResultPath: "$.Payload", Next: "wait-1" });
    expect(welcome.Parameters.Payload).toMatchObject({
      "taskToken.$": "$$.Task.Token",
      pauseAfter: { stepId: "wait-1", kind: "wait", seconds: 86400, sendWindow: { days: "mon-fri" } },
    });
    expect(welcome.Parameters.Payload.nextPause).toBeUndefined();
    expect(welcome.Catch.map((c) => [c.ErrorEquals.join(","), c.Next]).slice(-2)).toEqual([
      ["Handoff.SendWindowClosed,Handoff.SendPaced", "welcome: plan hold"],
      ["States.Timeout", "first-steps"],
    ]);
    expect(state(trial, "wait-1")).toMatchObject({
      TimeoutSecondsPath: "$.Payload.pause.seconds",
      Parameters: {
        Payload: { pause: { "seconds.$": "$.Payload.pause.seconds", "slot.$": "$.Payload.pause.slot" } },
      },
    });
  });

  it("passes the window of the emails after a branch when they all share one (trial-nurture's wait-2)", () => {
    const pauseAfter = state(trial, "first-steps").Parameters.Payload.pauseAfter as Record<string, unknown>;
    expect(pauseAfter).toMatchObject({
      stepId: "wait-2",
      seconds: 2 * 86400,
      sendWindow: { days: "mon-fri" },
    });
  });

  it("passes no window when the branch's emails have different windows, and keeps the fold", () => {
    const weekend = { days: "sat-sun" as const, hours: "10:00-12:00", timezone: "contact" as const };
    const workflow = withSteps((step) =>
      step.id === "case-study" && step.type === "email" ? { ...step, sendWindow: weekend } : step,
    );
    const pauseAfter = state(workflow, "first-steps").Parameters.Payload.pauseAfter as Record<
      string,
      unknown
    >;
    expect(pauseAfter).toEqual({ stepId: "wait-2", kind: "wait", seconds: 2 * 86400 });
    expect(state(workflow, "wait-2")).toMatchObject({ TimeoutSecondsPath: "$.Payload.pause.seconds" });
  });

  it("keeps a wait standalone and fixed when a branch leads into it too", () => {
    const workflow = withSteps((step) =>
      step.id === "engaged" && step.type === "branch" ? { ...step, else: "wait-3" } : step,
    );
    const caseStudy = state(workflow, "case-study");
    expect(caseStudy.Resource).toBe("arn:aws:states:::lambda:invoke");
    expect(caseStudy.Parameters.Payload.pauseAfter).toBeUndefined();
    expect(caseStudy.Next).toBe("wait-3");
    expect(state(workflow, "wait-3")).toMatchObject({ TimeoutSeconds: 3 * 86400 });
    expect(state(workflow, "wait-3").TimeoutSecondsPath).toBeUndefined();
  });
});

describe("the cost of the naive shape, for comparison", () => {
  it("counts the uninterrupted transitions of trial-nurture", () => {
    const machine = compilation.machines.find((m) => m.workflow.id === "trial-nurture")!;
    const [path] = uninterruptedPaths(machine.definition);
    // 5 emails (each with the wait or the settle after it) and a branch: 6 transitions, plus the
    // completion; send + wait + choice per step would be about 3 per email.
    expect(path!.transitions).toBe(7);
    expect(path!.emails).toBe(5);
    const stretched = uninterruptedPaths(machine.definition, { stretched: true });
    expect(Math.max(...stretched.map((p) => p.transitions))).toBe(11);
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

  it("keeps a settle of the given length on the last email's state, interruptible like any pause", () => {
    const definition = compileWorkflow({ ...trial, settle: "12h" }, settings);
    expect(definition.States.Settle).toBeUndefined();
    const last = definition.States["last-call"] as unknown as {
      TimeoutSeconds: number;
      Next: string;
      Parameters: { Payload: Record<string, unknown> };
      Catch: Array<{ ErrorEquals: string[]; Next: string }>;
    };
    expect(last.TimeoutSeconds).toBe(12 * 3600);
    expect(last.Parameters.Payload.pauseAfter).toEqual({
      stepId: "Settle",
      kind: "settle",
      seconds: 12 * 3600,
    });
    expect(last.Parameters.Payload.complete).toBeUndefined();
    expect(last.Next).toBe("Complete");
    expect(last.Catch.find((c) => c.ErrorEquals.includes("States.Timeout"))?.Next).toBe("Complete");
    const caught = last.Catch.flatMap((c) => c.ErrorEquals);
    expect(caught).toEqual(
      expect.arrayContaining(["Handoff.Interrupt.Handoff", "Handoff.Interrupt.Exit", "States.Timeout"]),
    );
    expect(validateAsl(structuredClone(definition), { checkArn: true, checkPaths: true }).isValid).toBe(true);
  });

  it("keeps the Settle state for a path that ends at a step other than an email", () => {
    const steps = [...trial.steps, { id: "mark-lead", type: "setStage" as const, stage: "lead" }];
    const definition = compileWorkflow({ ...trial, steps, settle: "12h" }, settings);
    expect(definition.States.Settle).toMatchObject({ TimeoutSeconds: 12 * 3600 });
    expect((definition.States["last-call"] as { Next: string }).Next).toBe("mark-lead");
    expect((definition.States["mark-lead"] as { Next: string }).Next).toBe("Settle");
    expect(uninterruptedPaths(definition)[0]!.states.slice(-3)).toEqual(["mark-lead", "Settle", "Complete"]);
  });
});
