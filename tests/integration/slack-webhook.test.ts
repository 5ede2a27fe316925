import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PermanentSendError } from "../../src/adapters/aws/errors";
import { SkippingSlackNotifier, SlackWebhookNotifier } from "../../src/adapters/aws/slack-webhook";
import { CapturedSlack } from "../../src/adapters/local/captured-slack";
import { TransientError } from "../../src/core/errors";

interface Received {
  path: string;
  contentType: string;
  body: unknown;
}

/** A local Slack incoming-webhook endpoint: the path picks the answer. */
async function startWebhookServer(): Promise<{ base: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const pending = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.push({
        path,
        contentType: String(req.headers["content-type"] ?? ""),
        body: JSON.parse(Buffer.concat(chunks).toString("utf8") || "null"),
      });
      if (path === "/ok") res.writeHead(200).end("ok");
      else if (path === "/rate-limited") res.writeHead(429, { "retry-after": "30" }).end("rate_limited");
      else if (path === "/broken") res.writeHead(500).end("internal_error");
      else if (path === "/gone") res.writeHead(404).end("no_service");
      else if (path === "/slow") {
        const timer = setTimeout(() => {
          pending.delete(timer);
          res.writeHead(200).end("ok");
        }, 2_000);
        pending.add(timer);
      } else res.writeHead(400).end("invalid_payload");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

describe("SlackWebhookNotifier against a local webhook server", () => {
  let hook: Awaited<ReturnType<typeof startWebhookServer>>;
  let slack: SlackWebhookNotifier;
  const channels: Record<string, string> = {
    "#sales": "/ok",
    "#busy": "/rate-limited",
    "#broken": "/broken",
    "#gone": "/gone",
    "#slow": "/slow",
  };

  beforeAll(async () => {
    hook = await startWebhookServer();
    slack = new SlackWebhookNotifier({
      webhooks: async (channel) => (channels[channel] ? `${hook.base}${channels[channel]}` : undefined),
    });
  });
  afterEach(() => {
    hook.received.length = 0;
  });
  afterAll(async () => hook.close());

  it("posts {text} as JSON", async () => {
    await slack.post("#sales", "Ada is sales-ready");
    expect(hook.received).toEqual([
      { path: "/ok", contentType: "application/json", body: { text: "Ada is sales-ready" } },
    ]);
  });

  it("throws a clear permanent error for a channel without a webhook, posting nothing", async () => {
    const err = await slack.post("#nowhere", "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as Error).message).toBe('no Slack webhook URL is configured for channel "#nowhere"');
    expect(hook.received).toHaveLength(0);
  });

  it("maps 429 and 5xx to TransientError", async () => {
    const limited = await slack.post("#busy", "x").catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TransientError);
    expect((limited as Error).message).toContain("HTTP 429: rate_limited (retry after 30 s)");
    await expect(slack.post("#broken", "x")).rejects.toBeInstanceOf(TransientError);
  });

  it("maps 4xx to PermanentSendError without leaking the URL", async () => {
    const err = await slack.post("#gone", "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as PermanentSendError).code).toBe("slack_http_404");
    expect((err as Error).message).toBe('Slack webhook for "#gone" answered HTTP 404: no_service');
    expect((err as Error).message).not.toContain(hook.base);
  });

  it("times out a slow webhook as TransientError", async () => {
    // Only this notifier has a short timeout: the others keep the default, so a busy machine
    // cannot turn their answers into timeouts. The slow webhook answers after 2 s.
    const impatient = new SlackWebhookNotifier({
      webhooks: async () => `${hook.base}/slow`,
      timeoutMs: 200,
    });
    const err = await impatient.post("#slow", "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as Error).message).toContain("timed out after 200 ms");
  });

  it("maps a refused connection to TransientError", async () => {
    const dead = await startWebhookServer();
    await dead.close();
    const notifier = new SlackWebhookNotifier({ webhooks: async () => `${dead.base}/ok` });
    await expect(notifier.post("#sales", "x")).rejects.toBeInstanceOf(TransientError);
  });

  it("uses an injected fetch", async () => {
    const calls: string[] = [];
    const fakeFetch: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response("ok", { status: 200 });
    };
    await new SlackWebhookNotifier({
      webhooks: async () => "https://hooks.invalid/x",
      fetch: fakeFetch,
    }).post("#a", "t");
    expect(calls).toEqual(["https://hooks.invalid/x"]);
  });
});

describe("SkippingSlackNotifier (a function bound no Slack webhooks)", () => {
  it("skips every post, reporting the channel, and never throws", async () => {
    const skipped: string[] = [];
    const slack = new SkippingSlackNotifier((channel) => skipped.push(channel));
    await expect(slack.post("sales-handoffs", "<@U024BE7LH> Handoff: …")).resolves.toBeUndefined();
    await expect(slack.post("sales-alerts", "…")).resolves.toBeUndefined();
    expect(skipped).toEqual(["sales-handoffs", "sales-alerts"]);
  });
});

describe("CapturedSlack", () => {
  it("keeps posts in order, stamped by the clock when given", async () => {
    const slack = new CapturedSlack({ clock: { now: () => new Date("2025-03-01T09:00:00Z") } });
    await slack.post("#sales", "one");
    await slack.post("#sdr", "two");
    expect(slack.posts).toEqual([
      { channel: "#sales", text: "one", at: "2025-03-01T09:00:00.000Z" },
      { channel: "#sdr", text: "two", at: "2025-03-01T09:00:00.000Z" },
    ]);
    expect(slack.postsTo("#sdr")).toEqual([{ channel: "#sdr", text: "two", at: "2025-03-01T09:00:00.000Z" }]);
    slack.clear();
    expect(slack.posts).toEqual([]);
    const plain = new CapturedSlack();
    await plain.post("#a", "b");
    expect(plain.posts).toEqual([{ channel: "#a", text: "b" }]);
  });
});
