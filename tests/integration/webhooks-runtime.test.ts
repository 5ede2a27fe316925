import { afterAll, describe, expect, it } from "vitest";
import { withdraw } from "../../src/core/engine/unsubscribe";
import { retryDelaySeconds } from "../../src/core/integrations/webhook-delivery";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { givenEnrolled } from "../helpers/given";
import { runtimeWithWebhooks } from "../helpers/webhook-receiver";
import { REPO } from "../helpers/workspace";

const START = Date.parse("2026-03-02T14:00:00Z");
const KEY = "test-webhook-key-0123456789abcdef";

const closing: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(closing.map((c) => c.close()));
});

describe("webhooks in the local runtime", () => {
  it("without settings.webhooks no outbox is wired", async () => {
    const rt = await LocalRuntime.start({ cwd: REPO, start: new Date(START), backend: "memory" });
    closing.push(rt);
    expect(rt.webhooks).toBeUndefined();
    expect(rt.deps.webhooks).toBeUndefined();
  });

  it("with settings.webhooks: an unsubscribe reaches a real receiver on the virtual clock, retried after a failure", async () => {
    const running = await runtimeWithWebhooks({
      events: ["contact.unsubscribed", "enrollment.ended"],
      key: KEY,
      start: new Date(START),
      answer: (n) => (n === 1 ? "fail" : "ok"),
    });
    closing.push(running);
    const { rt, receiver } = running;
    await givenEnrolled(rt.deps, "wr-1", "trial-nurture", { timezone: "America/New_York" });
    await rt.runUntil(START + 60_000);
    await withdraw(rt.deps, { contactId: "wr-1", source: "api", at: rt.clock.now().toISOString() });
    await rt.runUntil(START + 3_600_000);
    expect(receiver.processed.map((p) => p.name).sort()).toEqual([
      "contact.unsubscribed",
      "enrollment.ended",
    ]);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    const tries = rt.webhooks!.tries;
    const retried = tries.find((t) => t.attempt === 2)!;
    const first = tries.find((t) => t.attempt === 1 && t.eventId === retried.eventId)!;
    expect((Date.parse(retried.at) - Date.parse(first.at)) / 1000).toBe(retryDelaySeconds(1));
    expect(rt.webhooks!.deadLetters).toEqual([]);
  });
});
