import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../src/compiler/pipeline";
import { uninterruptedPaths } from "../../src/compiler/transitions";
import { runScripted } from "../helpers/run-asl";

// The compiled machines run in aws-local-stepfunctions. Task outcomes are scripted here (the real
// handlers are exercised by the contact-engine tests); what is tested is the routing the compiler
// emits: pauses cut short by interrupts, branches, send-window holds, completion.
const machines = new Map(compileWorkspace().machines.map((m) => [m.workflow.id, m.definition]));
const trial = machines.get("trial-nurture")!;
const sdr = machines.get("sdr-follow-up")!;

/** The welcome email held once (its window closed, or its second full), sent, then the first wait. */
const WELCOME_HELD_THEN_SENT = ["welcome", "welcome: plan hold", "welcome: hold", "welcome", "wait-1"];

describe("compiled trial-nurture in the local ASL runner", () => {
  it("runs the drip to the end when nothing interrupts, in as many transitions as counted", async () => {
    const run = await runScripted(trial, { engaged: { error: "Handoff.Goto.re-engage" } });
    expect(run.states).toEqual([
      "welcome",
      "wait-1",
      "first-steps",
      "wait-2",
      "engaged",
      "re-engage",
      "wait-3",
      "invite-team",
      "wait-4",
      "last-call",
      "Settle",
      "Complete",
    ]);
    const counted = uninterruptedPaths(trial).find((p) => p.states.includes("re-engage"))!;
    expect(run.states.length).toBe(counted.transitions);
  });

  it("takes the then-branch when the decide handler returns", async () => {
    const run = await runScripted(trial);
    expect(run.states).toContain("case-study");
    expect(run.states).not.toContain("re-engage");
  });

  it("cuts a pause short at once when a handoff interrupt arrives mid-wait", async () => {
    const run = await runScripted(trial, { "wait-2": { error: "Handoff.Interrupt.Handoff" } });
    expect(run.states).toEqual(["welcome", "wait-1", "first-steps", "wait-2", "Hand off"]);
    const payload = (run.inputs["Hand off"]![0] as { Payload: { handoff: { to: string } } }).Payload;
    expect(payload.handoff.to).toBe("sdr-follow-up");
  });

  it("ends at Exited when exitWhen fires during a wait", async () => {
    const run = await runScripted(trial, { "wait-1": { error: "Handoff.Interrupt.Exit" } });
    expect(run.states.at(-1)).toBe("Exited");
    expect(run.states).not.toContain("first-steps");
  });

  it("routes to the handoff when the condition is seen between pauses, by the next step", async () => {
    const run = await runScripted(trial, { "first-steps": { error: "Handoff.Interrupt.Handoff" } });
    expect(run.states.slice(-2)).toEqual(["first-steps", "Hand off"]);
  });

  it("holds an email due outside its send window, then sends it", async () => {
    const run = await runScripted(trial, { welcome: [{ error: "Handoff.SendWindowClosed" }, "ok"] });
    expect(run.states.slice(0, 5)).toEqual(WELCOME_HELD_THEN_SENT);
    const hold = (
      run.inputs["welcome: hold"]![0] as { Payload: { hold: { seconds: number }; taskToken?: unknown } }
    ).Payload;
    expect(hold.hold.seconds).toBe(3600);
  });

  it("holds a paced email the same way, passing the second the plan reserved on to the hold", async () => {
    const run = await runScripted(trial, {
      welcome: [{ error: "Handoff.SendPaced" }, "ok"],
      "welcome: plan hold": { payload: { seconds: 2, slot: 1_772_460_002 } },
    });
    expect(run.states.slice(0, 5)).toEqual(WELCOME_HELD_THEN_SENT);
    const hold = (run.inputs["welcome: hold"]![0] as { Payload: { hold: unknown } }).Payload;
    expect(hold.hold).toEqual({ seconds: 2, slot: 1_772_460_002 });
  });

  it("lets an interrupt cut a send-window hold short too", async () => {
    const run = await runScripted(trial, {
      welcome: { error: "Handoff.SendWindowClosed" },
      "welcome: hold": { error: "Handoff.Interrupt.Exit" },
    });
    expect(run.states).toEqual(["welcome", "welcome: plan hold", "welcome: hold", "Exited"]);
  });

  it("passes only ids and step settings to the handlers, no personal data", async () => {
    const run = await runScripted(trial);
    const payload = (run.inputs.welcome![0] as { Payload: Record<string, unknown> }).Payload;
    expect(payload).toMatchObject({ workflow: "trial-nurture", enrollmentId: "enr-1", contactId: "c-1" });
    expect(run.output).toEqual({
      enrollmentId: "enr-1",
      contactId: "c-1",
      Payload: { pause: { seconds: 3600, slot: 0 } },
    });
  });

  it("keeps the enrollment open after the last email (settle), then completes it", async () => {
    const run = await runScripted(trial);
    const last = (run.inputs["last-call"]![0] as { Payload: Record<string, unknown> }).Payload;
    expect(last.complete).toBeUndefined();
    expect(run.states.slice(-3)).toEqual(["last-call", "Settle", "Complete"]);
    const settle = (run.inputs.Settle![0] as { Payload: { step: unknown } }).Payload;
    expect(settle.step).toEqual({ id: "Settle", type: "settle", seconds: 3 * 86400 });
    expect(trial.States.Settle).toMatchObject({ TimeoutSeconds: 3 * 86400 });
  });

  it("hands off when the handoff rule fires while the enrollment settles after the last email", async () => {
    const run = await runScripted(trial, { Settle: { error: "Handoff.Interrupt.Handoff" } });
    expect(run.states.slice(-3)).toEqual(["last-call", "Settle", "Hand off"]);
    expect(run.states).not.toContain("Complete");
  });
});

describe("compiled sdr-follow-up in the local ASL runner", () => {
  it("waits for the rep's call task and moves on when it is completed", async () => {
    const run = await runScripted(sdr, { call: "ok" });
    expect(run.states).toEqual([
      "intro",
      "wait-1",
      "call",
      "bump",
      "wait-2",
      "breakup",
      "Settle",
      "Complete",
    ]);
    const last = (run.inputs.Complete![0] as { Payload: { complete: unknown } }).Payload;
    expect(last.complete).toEqual({ setStage: "lead", enroll: "long-term-nurture" });
  });

  it("moves on when the call task times out", async () => {
    const run = await runScripted(sdr, { call: "timeout" });
    expect(run.states).toContain("bump");
  });

  it("stops at once on a reply during a wait", async () => {
    const run = await runScripted(sdr, { "wait-2": { error: "Handoff.Interrupt.Stop" } });
    expect(run.states.at(-1)).toBe("Stopped");
    expect(run.states).not.toContain("breakup");
  });

  it("stops on a reply to the last email, during the settle time: no onComplete", async () => {
    const run = await runScripted(sdr, { Settle: { error: "Handoff.Interrupt.Stop" } });
    expect(run.states.slice(-3)).toEqual(["breakup", "Settle", "Stopped"]);
  });
});
