import { describe, expect, it } from "vitest";
import type { EngineDeps } from "../../../src/core/engine/deps";
import { ingestEvent } from "../../../src/core/engine/ingest";
import { acceptLead } from "../../../src/core/engine/sla";
import { stepHandlers } from "../../../src/core/engine/step-handlers";
import { withdraw } from "../../../src/core/engine/unsubscribe";
import { webhookEventId } from "../../../src/core/engine/webhook-events";
import type { WebhookEvent, WebhookOutbox } from "../../../src/core/integrations/webhooks";
import { WEBHOOK_EVENTS, type WebhookSettings } from "../../../src/core/language";
import { givenEnrolled } from "../../helpers/given";
import { slaEngine, TRIAL_HANDOFF } from "../../helpers/sla-engine";
import { payloadBase } from "../../helpers/step-payloads";

/** An outbox that records what the engine publishes, and to which webhooks. */
class RecordingOutbox implements WebhookOutbox {
  readonly published: Array<{ event: WebhookEvent; to: string[] }> = [];
  async publish(event: WebhookEvent, webhooks: readonly WebhookSettings[]): Promise<void> {
    this.published.push({
      event,
      to: webhooks.filter((w) => w.events.includes(event.name)).map((w) => w.url),
    });
  }
  named(name: WebhookEvent["name"]): WebhookEvent[] {
    return this.published.map((p) => p.event).filter((e) => e.name === name);
  }
}

const EVERYTHING: WebhookSettings = {
  url: "https://crm.acme.example/hooks",
  events: [...WEBHOOK_EVENTS],
  secret: "acme/webhooks/crm",
};

/** The SLA engine (memory store, shipped workflows) with webhooks subscribed to `webhooks`' events. */
function engineWithWebhooks(webhooks: WebhookSettings[] = [EVERYTHING]) {
  const engine = slaEngine();
  const outbox = new RecordingOutbox();
  const catalog = { ...engine.deps.catalog, settings: { ...engine.deps.catalog.settings, webhooks } };
  const deps: EngineDeps = { ...engine.deps, catalog, webhooks: outbox };
  return { ...engine, deps, outbox };
}

describe("webhook events from the engine's facts", () => {
  it("a handoff retried publishes handoff and stage.changed with one id per fact, the same on every attempt", async () => {
    const { deps, outbox } = engineWithWebhooks();
    const drip = await givenEnrolled(deps, "wh-1", "trial-nurture", { firstName: "Ana" });
    const payload = { ...payloadBase("wh-1", drip.id), handoff: TRIAL_HANDOFF };
    await stepHandlers(deps).handoff(payload);
    const firstAttempt = outbox.published.map((p) => p.event);
    await stepHandlers(deps).handoff(payload);
    for (const name of ["handoff", "stage.changed"] as const) {
      const ids = new Set(outbox.named(name).map((e) => e.id));
      expect(ids.size, name).toBe(1);
      // The retry publishes the very event the first attempt did (the receiver deduplicates it).
      const first = firstAttempt.find((e) => e.name === name)!;
      for (const again of outbox.named(name)) expect(again).toEqual(first);
    }
    const [handoff] = outbox.named("handoff");
    expect(handoff).toMatchObject({
      id: webhookEventId("handoff", `wh-1|${drip.id}`),
      contactId: "wh-1",
      data: { from: "trial-nurture", enrollmentId: drip.id, to: "sdr-follow-up", stage: "sql" },
    });
    expect(handoff!.data.owner).toEqual(expect.any(String));
    expect(outbox.named("stage.changed")[0]!.data).toMatchObject({ to: "sql" });
    // The drip's enrollment ended handed off, and the SLA's accept task was created: once each.
    expect(new Set(outbox.named("enrollment.ended").map((e) => e.id)).size).toBe(1);
    expect(outbox.named("enrollment.ended")[0]!.data).toMatchObject({ status: "handed-off" });
    expect(new Set(outbox.named("task.created").map((e) => e.id)).size).toBe(1);
    expect(outbox.named("task.created")[0]!.data).toMatchObject({ task: "accept" });
  });

  it("lead.accepted, contact.unsubscribed and a conversion with its amount; nothing for events no webhook named", async () => {
    const { deps, outbox } = engineWithWebhooks();
    const drip = await givenEnrolled(deps, "wh-2", "trial-nurture", { firstName: "Raj" });
    await stepHandlers(deps).handoff({ ...payloadBase("wh-2", drip.id), handoff: TRIAL_HANDOFF });
    await acceptLead(deps, { contactId: "wh-2", by: "rep" });
    const at = deps.clock.now().toISOString();
    const won = { id: "deal-9", contactId: "wh-2", name: "deal.won", at, properties: { amount: 1200 } };
    await ingestEvent(deps, won);
    await ingestEvent(deps, won);
    await withdraw(deps, { contactId: "wh-2", source: "api", at });
    expect(outbox.named("lead.accepted")).toHaveLength(1);
    const conversions = outbox.named("conversion");
    expect(conversions.map((c) => c.id)).toEqual([
      webhookEventId("conversion", "wh-2|deal-9"),
      webhookEventId("conversion", "wh-2|deal-9"),
    ]);
    expect(conversions[0]!.data).toMatchObject({ event: "deal.won", amount: 1200 });
    expect(outbox.named("contact.unsubscribed")).toHaveLength(1);
    expect(outbox.published.every((p) => p.to.length === 1)).toBe(true);
  });

  it("publishes only the names some webhook subscribed to, and nothing without an outbox", async () => {
    const { deps, outbox } = engineWithWebhooks([{ ...EVERYTHING, events: ["handoff"] }]);
    const drip = await givenEnrolled(deps, "wh-3", "trial-nurture");
    await stepHandlers(deps).handoff({ ...payloadBase("wh-3", drip.id), handoff: TRIAL_HANDOFF });
    expect(outbox.published.map((p) => p.event.name)).toEqual(["handoff"]);
    const plain = slaEngine();
    const other = await givenEnrolled(plain.deps, "wh-4", "trial-nurture");
    await expect(
      stepHandlers(plain.deps).handoff({ ...payloadBase("wh-4", other.id), handoff: TRIAL_HANDOFF }),
    ).resolves.toMatchObject({ status: "enrolled" });
  });
});
