import { describe, expect, it } from "vitest";
import { parseArgs, SECTIONS } from "../../bench/args";
import { StateHistories, stateRoles, tallyHistory } from "../../bench/state-history";
import { evaluateTargets } from "../../bench/targets";
import type { TransitionFigures } from "../../bench/transitions";
import type { StateMachine, TaskState } from "../../src/compiler/emit/asl";
import { FUNCTIONS, type FunctionKey } from "../../src/core/step-lambdas";

const task = (fields: Partial<TaskState> & Pick<TaskState, "Resource">, key: FunctionKey): TaskState => ({
  Type: "Task",
  Parameters: { FunctionName: `\${${FUNCTIONS[key]}}`, Payload: {} },
  ResultPath: null,
  Retry: [],
  ...fields,
});
const INVOKE = "arn:aws:states:::lambda:invoke";
const TOKEN = `${INVOKE}.waitForTaskToken`;

/** A folded welcome (sends, then pauses for wait-1), a hold before it, and a plain email after. */
const machine: StateMachine = {
  Comment: "bench",
  QueryLanguage: "JSONPath",
  StartAt: "welcome",
  States: {
    welcome: task({ Resource: TOKEN, Next: "wait-1" }, "sendEmail"),
    "welcome: plan hold": task({ Resource: INVOKE, Next: "welcome: hold" }, "pause"),
    "welcome: hold": task({ Resource: TOKEN, Next: "welcome" }, "pause"),
    "wait-1": task({ Resource: TOKEN, Next: "last" }, "pause"),
    last: task({ Resource: INVOKE, Next: "Done" }, "sendEmail"),
    Done: { Type: "Succeed" },
  },
};

describe("bench transitions per email", () => {
  it("knows a machine's holds and its folded emails' stretch routes", () => {
    const roles = stateRoles(machine);
    expect([...roles.holds]).toEqual(["welcome: hold"]);
    expect([...roles.stretchRoutes]).toEqual([["welcome", "wait-1"]]);
  });

  it("counts holds and stretched waits in the states an execution entered", () => {
    const roles = stateRoles(machine);
    // Held, then sent and stretched into wait-1.
    expect(
      tallyHistory(roles, [
        "welcome",
        "welcome: plan hold",
        "welcome: hold",
        "welcome",
        "wait-1",
        "last",
        "Done",
      ]),
    ).toEqual({ holds: 1, stretched: 1 });
    // The welcome's own pause ran its course (a timeout goes past wait-1): nothing stretched.
    expect(tallyHistory(roles, ["welcome", "last", "Done"])).toEqual({ holds: 0, stretched: 0 });
  });

  it("records entered states from the runtime's event logs and tallies them by workflow", () => {
    const histories = new StateHistories();
    const enter = (execution: string, name: string) =>
      histories.observe(execution, { type: "StateEntered", state: { name, input: {} } });
    for (const name of ["welcome", "wait-1", "last", "Done"]) enter("a-1", name);
    histories.observe("a-1", { type: "StateExited", state: { name: "Done" } });
    for (const name of ["welcome", "welcome: plan hold", "welcome: hold", "welcome"]) enter("a-2", name);
    const machines = new Map([["a", machine]]);
    const executions = [
      { name: "a-1", workflowId: "a" },
      { name: "a-2", workflowId: "a" },
    ];
    expect(histories.size).toBe(2);
    expect(histories.tally(executions, machines)).toEqual({
      executions: 2,
      entered: 8,
      holds: 1,
      stretched: 1,
    });
    expect(() => histories.tally([{ name: "b-1", workflowId: "b" }], machines)).toThrow(/no machine/);
  });

  it("judges transitions per email against the issue's limits", () => {
    const run = (
      kind: TransitionFigures["case"],
      transitions: number,
      contacts = 1000,
    ): TransitionFigures => ({
      case: kind,
      workflow: "trial-nurture",
      contacts,
      transitions,
      emailsSent: 1000,
      transitionsPerEmail: transitions / 1000,
      history: { executions: contacts, entered: transitions, holds: 12, stretched: 3 },
      wallSeconds: 1,
    });
    const targets = evaluateTargets({ transitions: [run("simulation", 1300), run("window", 1600)] });
    const [simulation, window] = targets;
    expect(simulation).toMatchObject({ status: "MET", target: expect.stringMatching(/^at most 1.3 /) });
    expect(window).toMatchObject({
      status: "NOT MET",
      measured: expect.stringMatching(/^1.6 .*12 emails held, 3 waits stretched/),
    });
    const quick = evaluateTargets({ transitions: [run("window", 1000, 200)] });
    expect(quick[0]).toMatchObject({ status: "NOT MEASURED", measured: "transitions not run" });
    expect(quick[1]).toMatchObject({
      status: "NOT MEASURED",
      measured: expect.stringMatching(/fewer contacts/),
    });
  });

  it("runs the transition sections alone, and by default", () => {
    expect(parseArgs([]).sections).toEqual(new Set(SECTIONS));
    expect(SECTIONS).toEqual(expect.arrayContaining(["transitions", "window"]));
    expect([...parseArgs(["--only", "transitions,window"]).sections]).toEqual(["transitions", "window"]);
    expect(parseArgs(["--quick"])).toMatchObject({ transitionContacts: 200, windowContacts: 200 });
  });
});
