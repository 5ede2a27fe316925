import { describe, expect, it, onTestFinished } from "vitest";
import { route } from "../../src/adapters/http/router";
import { WEBHOOK_EVENTS } from "../../src/core/language/vocabulary";
import { SMOKE_CAMPAIGN, SMOKE_HANDOFF_EVENT } from "../../src/core/smoke";
import { apiRequest } from "../helpers/api-request";
import { oneClickUnsubscribe } from "../helpers/email-links";
import { runtimeWithWebhooks } from "../helpers/webhook-receiver";

// The smoke workflows' facts (endings, the handoff, the unsubscribe) reach no webhook, even one
// subscribed to every event; the same facts of a marketer's campaign do (a real receiver, the
// local outbox on the virtual clock).

const START = Date.parse("2026-03-02T15:00:00Z");
const KEY = "smoke-webhook-key-0123456789abcdef";
const ADMIN = "smoke-admin-key-0123456789";

describe("webhooks and the smoke workflows", () => {
  it("publish nothing of a smoke run, while a marketer's campaign's unsubscribe and ending are published", async () => {
    const running = await runtimeWithWebhooks({ events: WEBHOOK_EVENTS, key: KEY, start: new Date(START) });
    onTestFinished(() => running.close());
    const { rt, receiver } = running;
    const http = rt.http({ apiKeys: [{ name: "ops", key: ADMIN, scope: "admin" }], signingSecrets: [] });
    const call = (method: string, path: string, body: unknown) =>
      route(http, apiRequest(method, path, { key: ADMIN, body: JSON.stringify(body) }));
    const people = [
      { id: "smoke-hooks", email: "success+hooks@simulator.amazonses.com", workflow: SMOKE_CAMPAIGN },
      { id: "real-hooks", email: "lee@example.com", workflow: "trial-nurture" },
    ];
    for (const { workflow, ...contact } of people)
      expect((await call("POST", "/enroll", { workflow, contact })).status).toBe(201);
    await rt.runUntil(START + 60_000);
    await call("POST", "/events", {
      id: "smoke-hooks-1",
      contactId: "smoke-hooks",
      event: SMOKE_HANDOFF_EVENT,
    });
    await rt.runUntil(START + 2 * 60_000);
    // Both unsubscribe through their latest email's link, as the smoke run's links check does.
    for (const { id } of people) {
      const sent = rt.mailbox!.sent.filter((email) => email.to === people.find((p) => p.id === id)!.email);
      const token = /\/u\/([^>]+)>/.exec(sent.at(-1)!.headers!["List-Unsubscribe"]!)![1]!;
      expect((await route(http, oneClickUnsubscribe(token))).status).toBeLessThan(300);
    }
    await rt.runUntil(START + 3_600_000);
    const contacts = receiver.received.map((r) => JSON.parse(r.body).contactId);
    expect(contacts).toContain("real-hooks");
    expect(receiver.processed.map((p) => p.name)).toEqual(
      expect.arrayContaining(["contact.unsubscribed", "enrollment.ended"]),
    );
    expect(contacts).not.toContain("smoke-hooks");
  });
});
