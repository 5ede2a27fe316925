import { describe, expect, it } from "vitest";
import { compileWorkspace } from "../../src/compiler/pipeline";
import { uninterruptedPaths } from "../../src/compiler/transitions";
import { runScripted } from "../helpers/run-asl";

// The compiled machines run in aws-local-stepfunctions. Task outcomes are scripted here (the real
// handlers are exercised by the contact-engine tests); what is tested is the routing the compiler
// emits: pauses cut short by interrupts, branches, send-window holds, completion. An email state
// keeps the wait after it on its token: unless scripted, its pause runs its course (States.Timeout).
const machines = new Map(compileWorkspace().machines.map((m) => [m.workflow.id, m.definition]));
const trial = machines.get("trial-nurture")!;
const sdr = machines.get("sdr-follow-up")!;

/** An email held once (its window closed, or its second full), sent and its pause run, then the next state. */
const heldThenSent = (email: string, next: string) => [
  email,
  `${email}: plan hold`,
  `${email}: hold`,
  email,
  next,
];
const WELCOME_HELD_THEN_SENT = heldThenSent("welcome", "first-steps");

describe("compiled trial-nurture in the local ASL runner", () => {
  it("runs the drip to the end when nothing interrupts, in as many transitions as counted", async () => {
    const run = await runScripted(trial, { engaged: { error: "Handoff.Goto.re-engage" } });
    expect(run.states).toEqual([
      "welcome",
      "first-steps",
      "engaged",
      "re-engage",
      "invite-team",
      "last-call",
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

  it("cuts a pause short at once when a handoff interrupt arrives mid-wait (on the email state keeping it)", async () => {
    const run = await runScripted(trial, { "first-steps": { error: "Handoff.Interrupt.Handoff" } });
    expect(run.states).toEqual(["welcome", "first-steps", "Hand off"]);
    const payload = (run.inputs["Hand off"]![0] as { Payload: { handoff: { to: string } } }).Payload;
    expect(payload.handoff.to).toBe("sdr-follow-up");
  });

  it("ends at Exited when exitWhen fires during a wait", async () => {
    const run = await runScripted(trial, { welcome: { error: "Handoff.Interrupt.Exit" } });
    expect(run.states).toEqual(["welcome", "Exited"]);
  });

  it("goes through the wait's own state when the email's handler stretches the pause", async () => {
    const run = await runScripted(trial, {
      welcome: { payload: { pause: { seconds: 7200, slot: 1_772_460_002 } } },
    });
    expect(run.states.slice(0, 3)).toEqual(["welcome", "wait-1", "first-steps"]);
    const wait = (run.inputs["wait-1"]![0] as { Payload: { pause: unknown; step: unknown } }).Payload;
    expect(wait.pause).toEqual({ seconds: 7200, slot: 1_772_460_002 });
    expect(wait.step).toEqual({ id: "wait-1", type: "wait", seconds: 86400 });
    expect(trial.States["wait-1"]).toMatchObject({ TimeoutSecondsPath: "$.Payload.pause.seconds" });
    const stretched = uninterruptedPaths(trial, { stretched: true });
    expect(stretched.map((p) => p.states)).toContainEqual(run.states);
  });

  it("lets an interrupt cut a stretched pause short too", async () => {
    const run = await runScripted(trial, {
      welcome: { payload: { pause: { seconds: 7200, slot: 0 } } },
      "wait-1": { error: "Handoff.Interrupt.Exit" },
    });
    expect(run.states).toEqual(["welcome", "wait-1", "Exited"]);
  });

  it("routes to the handoff when the condition is seen between pauses, by the next step", async () => {
    const run = await runScripted(trial, { engaged: { error: "Handoff.Interrupt.Handoff" } });
    expect(run.states).toEqual(["welcome", "first-steps", "engaged", "Hand off"]);
  });

  it("holds an email due outside its send window, then sends it", async () => {
    const run = await runScripted(trial, { welcome: [{ error: "Handoff.SendWindowClosed" }] });
    expect(run.states.slice(0, 5)).toEqual(WELCOME_HELD_THEN_SENT);
    const hold = (
      run.inputs["welcome: hold"]![0] as { Payload: { hold: { seconds: number }; taskToken?: unknown } }
    ).Payload;
    expect(hold.hold.seconds).toBe(3600);
  });

  it("holds a paced email the same way, passing the second the plan reserved on to the hold", async () => {
    const run = await runScripted(trial, {
      welcome: [{ error: "Handoff.SendPaced" }],
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
    expect(run.output).toEqual({ enrollmentId: "enr-1", contactId: "c-1" });
  });

  it("keeps the enrollment open after the last email (settle, on the email's state), then completes it", async () => {
    const run = await runScripted(trial);
    const last = (run.inputs["last-call"]![0] as { Payload: Record<string, unknown> }).Payload;
    expect(last.complete).toBeUndefined();
    expect(last.pauseAfter).toEqual({ stepId: "Settle", kind: "settle", seconds: 3 * 86400 });
    expect(run.states.slice(-2)).toEqual(["last-call", "Complete"]);
    expect(trial.States["last-call"]).toMatchObject({ TimeoutSeconds: 3 * 86400 });
    expect(trial.States.Settle).toBeUndefined();
  });

  it("hands off when the handoff rule fires while the enrollment settles after the last email", async () => {
    const run = await runScripted(trial, { "last-call": { error: "Handoff.Interrupt.Handoff" } });
    expect(run.states.slice(-2)).toEqual(["last-call", "Hand off"]);
    expect(run.states).not.toContain("Complete");
  });

  it("holds the last email too, then keeps its settle", async () => {
    const run = await runScripted(trial, { "last-call": [{ error: "Handoff.SendWindowClosed" }] });
    expect(run.states.slice(-5)).toEqual(heldThenSent("last-call", "Complete"));
  });
});

describe("compiled sdr-follow-up in the local ASL runner", () => {
  it("waits for the rep's call task and moves on when it is completed", async () => {
    const run = await runScripted(sdr, { call: "ok" });
    expect(run.states).toEqual(["intro", "call", "bump", "breakup", "Complete"]);
    const last = (run.inputs.Complete![0] as { Payload: { complete: unknown } }).Payload;
    expect(last.complete).toEqual({ setStage: "lead", enroll: "long-term-nurture" });
  });

  it("moves on when the call task times out", async () => {
    const run = await runScripted(sdr, { call: "timeout" });
    expect(run.states).toContain("bump");
  });

  it("stops at once on a reply during a wait", async () => {
    const run = await runScripted(sdr, { bump: { error: "Handoff.Interrupt.Stop" } });
    expect(run.states.at(-1)).toBe("Stopped");
    expect(run.states).not.toContain("breakup");
  });

  it("stops on a reply to the last email, during the settle time: no onComplete", async () => {
    const run = await runScripted(sdr, { breakup: { error: "Handoff.Interrupt.Stop" } });
    expect(run.states.slice(-2)).toEqual(["breakup", "Stopped"]);
  });
});
