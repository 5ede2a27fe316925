import { describe, expect, it } from "vitest";
import type { StateMachine } from "../../src/compiler/emit/asl";
import { lambdaTask, routeOn } from "../../src/compiler/emit/common";
import type { StepHandler } from "../../src/core/engine/step-handlers";
import type { FunctionKey } from "../../src/core/step-lambdas";
import { MachineRunner } from "../../src/runtime/machine-runner";
import { TokenBroker } from "../../src/runtime/token-broker";
import { VirtualClock } from "../../src/runtime/virtual-clock";

/** An email state that keeps a 60 s pause on its token, as the compiler emits it (folded-waits.ts). */
const EMAIL_WITH_PAUSE: StateMachine = {
  Comment: "an email state keeping its pause",
  QueryLanguage: "JSONPath",
  StartAt: "email",
  States: {
    email: lambdaTask({
      fn: "sendEmail",
      waitForToken: true,
      payload: { step: { id: "email", type: "email" } },
      timeoutSeconds: 60,
      resultPath: "$.Payload",
      catchers: [routeOn(["States.Timeout"], "ran its course")],
      next: "stretched",
    }),
    stretched: { Type: "Succeed" },
    "ran its course": { Type: "Succeed" },
  },
};

function run(sendEmail: (payload: { taskToken: string }, broker: TokenBroker) => Promise<unknown>) {
  const clock = new VirtualClock("2026-03-02T10:00:00Z");
  const broker = new TokenBroker(clock, () => {});
  const handlers = {
    sendEmail: (payload: unknown) => sendEmail(payload as { taskToken: string }, broker),
  } as unknown as Record<FunctionKey, StepHandler>;
  const states: string[] = [];
  let sleep = () => {};
  /** Resolves when the execution waits on its token. */
  const sleeping = new Promise<void>((resolve) => {
    sleep = resolve;
  });
  const runner = new MachineRunner("test", EMAIL_WITH_PAUSE, {
    broker,
    handlers,
    sleep: () => sleep(),
    observe: (_, event) => {
      const entered = event as { type: string; state?: { name: string } };
      if (entered.type === "StateEntered") states.push(entered.state!.name);
    },
  });
  const handle = runner.start({ enrollmentId: "enr-1", contactId: "c-1" }, "exec-1");
  return { handle, broker, clock, states, sleeping };
}

describe("a token task on SendEmail in the local runtime", () => {
  it("keeps a success the handler gave its own token before returning (the stretch)", async () => {
    const { handle, states } = run(async ({ taskToken }, broker) => {
      expect(broker.succeed(taskToken, { pause: { seconds: 120, slot: 0 } })).toBe("delivered");
      return {};
    });
    expect(await handle.result).toMatchObject({ Payload: { pause: { seconds: 120, slot: 0 } } });
    expect(states).toEqual(["email", "stretched"]);
  });

  it("times out on the broker's clock when the handler keeps the token (the pause fits)", async () => {
    const { handle, broker, clock, states, sleeping } = run(async () => ({}));
    await sleeping;
    clock.advanceTo(clock.millis() + 60_000);
    expect(broker.expire(clock.millis())).toBe(1);
    await handle.result;
    expect(states).toEqual(["email", "ran its course"]);
  });

  it("fails loudly when the handler throws after succeeding its own token (AWS would keep the success)", async () => {
    const { handle } = run(async ({ taskToken }, broker) => {
      broker.succeed(taskToken, { pause: { seconds: 120, slot: 0 } });
      throw new Error("recorded nothing");
    });
    await expect(handle.result).rejects.toThrow(/succeeded its own task token, then threw/);
  });

  it("fails the task as usual when the handler throws without succeeding its token", async () => {
    const { handle, broker } = run(async () => {
      throw Object.assign(new Error("no"), { name: "Handoff.PermanentSendError" });
    });
    await expect(handle.result).rejects.toThrow();
    expect(broker.waiting).toBe(0);
  });
});
