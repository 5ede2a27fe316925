import { afterEach, describe, expect, it } from "vitest";
import { LocalWebhookOutbox } from "../../src/adapters/local/local-webhook-outbox";
import { webhookEventId } from "../../src/core/engine/webhook-events";
import {
  retryDelaySeconds,
  WEBHOOK_MAX_ATTEMPTS,
  webhookSignature,
} from "../../src/core/integrations/webhook-delivery";
import type { WebhookEvent } from "../../src/core/integrations/webhooks";
import type { WebhookSettings } from "../../src/core/language";
import { SettableClock } from "../helpers/engine";
import {
  type Answer,
  docsVerifier,
  ManualSchedule,
  startReceiver,
  type WebhookReceiver,
  waitsBetweenTries,
} from "../helpers/webhook-receiver";

const KEY = "test-webhook-key-0123456789abcdef";
const SECRET_NAME = "acme/webhooks/crm";

const event = (name: WebhookEvent["name"] = "stage.changed", key = "c-1|2026-03-03T15:00:00.000Z#sql") =>
  ({
    id: webhookEventId(name, key),
    name,
    at: "2026-03-03T15:00:00.000Z",
    contactId: "c-1",
    data: { from: "mql", to: "sql" },
  }) satisfies WebhookEvent;

const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

/** A receiver answering by `answer`, and an outbox on a hand-run schedule that delivers to it. */
async function setUp(answer: (n: number) => Answer, options: { timeoutMs?: number; key?: string } = {}) {
  const receiver = await startReceiver(KEY, answer);
  receivers.push(receiver);
  const clock = new SettableClock(new Date("2026-03-03T15:00:00Z"));
  const schedule = new ManualSchedule(clock);
  const outbox = new LocalWebhookOutbox({
    signingKeys: { [SECRET_NAME]: options.key ?? KEY },
    clock,
    schedule: schedule.schedule,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
  const webhooks: WebhookSettings[] = [{ url: receiver.url, events: ["stage.changed"], secret: SECRET_NAME }];
  return { receiver, outbox, schedule, webhooks };
}

describe("webhooks out, against real local receivers", () => {
  it("a receiver that fails twice then answers: delivered once, the same id on every try, waits growing", async () => {
    const { receiver, outbox, schedule, webhooks } = await setUp((n) => (n <= 2 ? "fail" : "ok"));
    const sent = event();
    await outbox.publish(sent, webhooks);
    await schedule.runAll();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.id))).toEqual(new Set([sent.id]));
    expect(receiver.received.every((r) => r.verified && r.contentType === "application/json")).toBe(true);
    expect(receiver.processed).toEqual([{ id: sent.id, name: "stage.changed" }]);
    expect(outbox.tries.map((t) => [t.attempt, t.outcome.delivered])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    const waits = waitsBetweenTries(outbox, sent.id);
    expect(waits).toEqual([retryDelaySeconds(1), retryDelaySeconds(2)]);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    expect(outbox.deadLetters).toEqual([]);
    expect(JSON.parse(receiver.received[2]!.body)).toEqual({
      id: sent.id,
      name: "stage.changed",
      at: sent.at,
      contactId: "c-1",
      data: { from: "mql", to: "sql" },
    });
  });

  it("a receiver that always fails: tried WEBHOOK_MAX_ATTEMPTS times with growing waits, then dead-lettered; a redrive tries again", async () => {
    const { receiver, outbox, schedule, webhooks } = await setUp(() => "fail");
    const sent = event();
    await outbox.publish(sent, webhooks);
    await schedule.runAll();
    expect(receiver.received).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    expect(receiver.processed).toEqual([]);
    const waits = waitsBetweenTries(outbox, sent.id);
    expect(waits).toHaveLength(WEBHOOK_MAX_ATTEMPTS - 1);
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]!);
    const total = waits.reduce((sum, wait) => sum + wait, 0);
    expect(total).toBeGreaterThan(20 * 3600);
    expect(total).toBeLessThan(26 * 3600);
    expect(outbox.deadLetters).toHaveLength(1);
    expect(outbox.deadLetters[0]!.delivery.event.id).toBe(sent.id);
    expect(outbox.deadLetters[0]!.reason).toContain("HTTP 503");
    expect(outbox.redrive()).toBe(1);
    await schedule.runAll();
    expect(receiver.received).toHaveLength(2 * WEBHOOK_MAX_ATTEMPTS);
    expect(outbox.deadLetters).toHaveLength(1);
  });

  it("a receiver too slow to answer: the try times out and the next one delivers", async () => {
    const { receiver, outbox, schedule, webhooks } = await setUp((n) => (n === 1 ? "hang" : "ok"), {
      timeoutMs: 200,
    });
    const sent = event();
    await outbox.publish(sent, webhooks);
    await schedule.runAll();
    expect(outbox.tries.map((t) => t.outcome)).toEqual([
      { delivered: false, reason: "no answer within 200 ms" },
      { delivered: true, status: 204 },
    ]);
    expect(receiver.received.map((r) => r.id)).toEqual([sent.id, sent.id]);
    expect(receiver.processed).toHaveLength(1);
  });

  it("a signature made with another key fails the docs' verification: refused, retried, dead-lettered", async () => {
    const { receiver, outbox, schedule, webhooks } = await setUp(() => "ok", {
      key: "another-key-0123456789",
    });
    await outbox.publish(event(), webhooks);
    await schedule.runAll();
    expect(receiver.received.every((r) => !r.verified)).toBe(true);
    expect(receiver.processed).toEqual([]);
    expect(outbox.deadLetters[0]!.reason).toContain("HTTP 401");
  });

  it("the docs' verification: accepts Handoff's signature of the raw body, refuses a changed body or an old t", () => {
    const verify = docsVerifier();
    const body = '{"id":"evt_1"}';
    const now = 1_772_550_000;
    const header = webhookSignature(KEY, body, now);
    expect(header).toMatch(/^t=1772550000,v1=[0-9a-f]{64}$/);
    expect(verify(KEY, header, body, now + 10)).toBe(true);
    expect(verify(KEY, header, `${body} `, now)).toBe(false);
    expect(verify("wrong-key", header, body, now)).toBe(false);
    expect(verify(KEY, header, body, now + 301)).toBe(false);
    expect(verify(KEY, "garbage", body, now)).toBe(false);
  });

  it("the same fact published twice: both delivered with the same id, processed once by the receiver", async () => {
    const { receiver, outbox, schedule, webhooks } = await setUp(() => "ok");
    await outbox.publish(event(), webhooks);
    await outbox.publish(event(), webhooks);
    await schedule.runAll();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.id).toBe(receiver.received[1]!.id);
    expect(receiver.processed).toHaveLength(1);
  });

  it("only the webhooks subscribed to the event's name get it; a missing signing key is a failed try", async () => {
    const { receiver, outbox, schedule } = await setUp(() => "ok");
    const webhooks: WebhookSettings[] = [
      { url: receiver.url, events: ["handoff"], secret: SECRET_NAME },
      { url: `${receiver.url}/other`, events: ["stage.changed"], secret: "no-such-secret" },
    ];
    await outbox.publish(event("handoff", "c-1|drip.1"), webhooks);
    await outbox.publish(event("stage.changed"), webhooks);
    await schedule.runAll();
    expect(receiver.received.map((r) => r.id)).toEqual([webhookEventId("handoff", "c-1|drip.1")]);
    expect(outbox.deadLetters.map((d) => d.reason)).toEqual([
      `no signing key in the secret "no-such-secret" (try ${WEBHOOK_MAX_ATTEMPTS} of ${WEBHOOK_MAX_ATTEMPTS})`,
    ]);
  });
});
