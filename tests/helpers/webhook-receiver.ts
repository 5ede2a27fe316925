import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { LocalWebhookOutbox } from "../../src/adapters/local/local-webhook-outbox";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { type LocalServer, listenLocally } from "./stub-server";
import { copySamples, REPO } from "./workspace";

// A webhook receiver as docs/webhooks.md tells one to be written: it verifies the signature with
// the docs' own snippet, answers as the test scripts it, and processes each event id once.

type Verify = (key: string, header: string, rawBody: string, nowSeconds?: number) => boolean;

/** The verification function of docs/webhooks.md, run from the docs' text. */
export function docsVerifier(): Verify {
  const text = readFileSync(join(REPO, "docs/webhooks.md"), "utf8");
  const block = /<!-- verify-snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(text)?.[1];
  if (!block) throw new Error("docs/webhooks.md has no verify-snippet block");
  const require = createRequire(import.meta.url);
  return new Function("require", `${block}\nreturn verifyHandoffSignature;`)(require) as Verify;
}

/** How the receiver answers its n-th request (1-based). */
export type Answer = "ok" | "fail" | "hang";

export interface ReceivedWebhook {
  id: string;
  signature: string;
  contentType: string;
  body: string;
  verified: boolean;
}

export interface WebhookReceiver extends LocalServer {
  url: string;
  received: ReceivedWebhook[];
  /** The events it processed: each id once, however often it came. */
  processed: Array<{ id: string; name: string }>;
}

const verify = docsVerifier();

/** A receiver on 127.0.0.1 whose answers follow `answer`; `key` is the signing key it checks with. */
export async function startReceiver(key: string, answer: (n: number) => Answer): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const processed: Array<{ id: string; name: string }> = [];
  const server = await listenLocally((req, body, res) => {
    const id = String(req.headers["x-handoff-webhook-id"] ?? "");
    const signature = String(req.headers["x-handoff-signature"] ?? "");
    const verified = verify(key, signature, body);
    received.push({ id, signature, contentType: String(req.headers["content-type"]), body, verified });
    const reply = answer(received.length);
    if (reply === "hang") return; // never answers: the sender's timeout ends the try
    if (reply === "fail" || !verified) return void res.writeHead(reply === "fail" ? 503 : 401).end();
    if (!processed.some((p) => p.id === id)) processed.push({ id, name: JSON.parse(body).name });
    res.writeHead(204).end();
  });
  return { ...server, url: `${server.endpoint}/hooks`, received, processed };
}

/** The local runtime's scheduling, by hand: run the due actions in time order, moving the clock. */
export class ManualSchedule {
  private readonly jobs: Array<{ at: number; action: () => Promise<void> }> = [];
  constructor(private readonly clock: { set(at: Date): void; now(): Date }) {}
  readonly schedule = (at: number, action: () => Promise<void>) => {
    this.jobs.push({ at, action });
  };
  /** Runs every action (and those they schedule) in time order. */
  async runAll(): Promise<void> {
    for (;;) {
      this.jobs.sort((a, b) => a.at - b.at);
      const next = this.jobs.shift();
      if (!next) return;
      this.clock.set(new Date(Math.max(next.at, this.clock.now().getTime())));
      await next.action();
    }
  }
}

/** The waits between the tries of `eventId`, in seconds of the schedule's clock. */
export function waitsBetweenTries(outbox: LocalWebhookOutbox, eventId: string): number[] {
  const times = outbox.tries.filter((t) => t.eventId === eventId).map((t) => Date.parse(t.at));
  return times.slice(1).map((time, index) => (time - times[index]!) / 1000);
}

/**
 * A local runtime (memory backend) over a copy of the samples whose settings.webhooks subscribe a
 * fresh receiver (answering as `answer` says) to `events`, signed with `key`; `close` stops both.
 */
export async function runtimeWithWebhooks(options: {
  events: readonly string[];
  key: string;
  start: Date;
  answer?: (n: number) => Answer;
}): Promise<{ rt: LocalRuntime; receiver: WebhookReceiver; close(): Promise<void> }> {
  const receiver = await startReceiver(options.key, options.answer ?? (() => "ok"));
  const dir = copySamples();
  const settingsFile = join(dir, "workflows/settings.json");
  const settings = JSON.parse(readFileSync(settingsFile, "utf8"));
  settings.webhooks = [{ url: receiver.url, events: [...options.events], secret: "local/crm" }];
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const rt = await LocalRuntime.start({
    cwd: dir,
    start: options.start,
    backend: "memory",
    webhookSigningKeys: { "local/crm": options.key },
  });
  return { rt, receiver, close: async () => void (await Promise.all([rt.close(), receiver.close()])) };
}
