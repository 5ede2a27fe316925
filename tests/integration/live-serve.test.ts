import { afterAll, describe, expect, it } from "vitest";
import { type LocalServe, startLocalServe } from "../../src/cli/local-serve";
import type { ContactDetail } from "../../src/core/reports/report-types";
import { followWallClock } from "../../src/runtime/live-serve";
import { LocalRuntime } from "../../src/runtime/local-runtime";
import { REPO } from "../helpers/workspace";

const START = Date.parse("2026-03-02T14:00:00Z"); // a Monday, 09:00 in New York: inside the send window
const KEY = "live-serve-test-key-0123456789abcdef";
/** Generous: what is awaited happens within about a second of wall time; a loaded machine is slower. */
const DEADLINE_MS = 30_000;

const closing: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  for (const item of closing.reverse()) await item.close();
});

/** Polls `check` until it returns a value (not undefined), failing after DEADLINE_MS. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = performance.now() + DEADLINE_MS;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`not within ${DEADLINE_MS} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("startLocalServe: the runtime served live", () => {
  it("an enrollment through the served API is emailed and its delivery recorded, with nobody calling runUntil", async () => {
    const runtime = await LocalRuntime.start({ cwd: REPO, start: new Date(START), backend: "memory" });
    closing.push(runtime);
    const compiled = runtime.deps.catalog;
    const configuredBase = compiled.settings.links.baseUrl;
    const served: LocalServe = await startLocalServe({ runtime, key: KEY, port: 0 });
    closing.push(served);
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(served.key).toBe(KEY);
    const headers = { "x-api-key": KEY, "content-type": "application/json" };
    const contact = {
      id: "live-1",
      email: "success+live@simulator.amazonses.com",
      timezone: "America/New_York",
    };
    const enrolled = await fetch(`${served.url}/enroll`, {
      method: "POST",
      headers,
      body: JSON.stringify({ workflow: "trial-nurture", contact }),
    });
    expect(enrolled.status).toBeLessThan(300);
    const timeline = await eventually("the delivery on the timeline", async () => {
      const response = await fetch(`${served.url}/contacts/live-1`, { headers });
      const detail = (await response.json()) as ContactDetail;
      const kinds = detail.timeline.map((entry) => entry.kind);
      return kinds.includes("email.delivered") ? kinds : undefined;
    });
    expect(timeline).toContain("email.sent");
    // Sent while serving: its links lead to the served API, not to settings.links.baseUrl.
    const email = runtime.mailbox!.sent.find((sent) => sent.to === contact.email)!;
    expect(email.headers["List-Unsubscribe"]).toContain(`<${served.url}/u/`);
    expect(email.html).toContain(`${served.url}/r/`);
    // The compiled catalog itself is left as it was (a caller's catalog may serve other runtimes).
    expect(compiled.settings.links.baseUrl).toBe(configuredBase);
    expect(configuredBase).not.toBe(served.url);
    // The virtual clock moved on from where it stood, with the wall clock.
    expect(runtime.clock.millis()).toBeGreaterThan(START);
  });

  it("a failed action is handed to onError once and the clock goes on", async () => {
    const runtime = await LocalRuntime.start({ cwd: REPO, start: new Date(START), backend: "memory" });
    closing.push(runtime);
    let wall = 0;
    const errors: Error[] = [];
    const clock = followWallClock(runtime, {
      onError: (error) => errors.push(error),
      wallMillis: () => wall,
    });
    closing.push({ close: () => clock.stop() });
    let later = false;
    runtime.schedule(START + 1_000, async () => {
      throw new Error("broken on purpose");
    });
    runtime.schedule(START + 5_000, async () => {
      later = true;
    });
    wall = 2_000; // the wall clock moved 2 s: the first action is due
    await eventually("the failure reported", async () => (errors.length ? errors : undefined));
    expect(later).toBe(false);
    wall = 10_000;
    await eventually("the later action run", async () => (later ? true : undefined));
    expect(errors).toHaveLength(1);
    expect((errors[0] as AggregateError).errors[0].message).toBe("broken on purpose");
    await clock.stop();
    expect(runtime.clock.millis()).toBe(START + 10_000);
  });
  it("caughtUp brings the clock to the wall time at once, so a request is never stamped with an earlier one's instant", async () => {
    const runtime = await LocalRuntime.start({ cwd: REPO, start: new Date(START), backend: "memory" });
    closing.push(runtime);
    let wall = 0;
    const clock = followWallClock(runtime, { onError: () => {}, wallMillis: () => wall, everyMs: 60_000 });
    closing.push({ close: () => clock.stop() });
    wall = 3;
    await clock.caughtUp();
    expect(runtime.clock.millis()).toBe(START + 3);
    wall = 4;
    await clock.caughtUp();
    expect(runtime.clock.millis()).toBe(START + 4);
  });
});
