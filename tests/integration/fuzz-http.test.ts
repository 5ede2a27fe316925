import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { route } from "../../src/adapters/http/router";
import type { HttpDeps, HttpRequest, HttpResponse } from "../../src/adapters/http/types";
import { EVENT_READ_LIMIT } from "../../src/core/engine/event-window";
import { verifyToken } from "../../src/core/tokens";
import { countingStore } from "../helpers/counting-store";
import { apiRequest, type FuzzWorld, signatureFor, startWorld } from "../helpers/fuzz-world";
import { fuzzRequests, HUGE } from "../helpers/http-requests";

// Every HTTP handler through the router, fuzzed: fixed seed, bounded runs.
const SEED = Number(process.env.FUZZ_SEED ?? 20260309);
const RUNS = 400;

let world: FuzzWorld;
let counting: ReturnType<typeof countingStore>;
let counted: HttpDeps;
beforeAll(async () => {
  world = await startWorld();
  counting = countingStore(world.http.engine.store);
  counted = { ...world.http, engine: { ...world.http.engine, store: counting.store } };
});
afterAll(async () => world?.rt.close());

/**
 * The sources of the regular expressions run, while `work` runs, on inputs `watched` picks. Every
 * regular-expression match (test, replace, match, split) goes through RegExp.prototype.exec once
 * exec is replaced, so wrapping exec sees them all.
 */
async function regexesRunOn(
  watched: (input: string) => boolean,
  work: () => Promise<void>,
): Promise<string[]> {
  const sources: string[] = [];
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, input: string) {
    if (watched(String(input))) sources.push(this.source);
    return exec.call(this, input);
  };
  try {
    await work();
  } finally {
    RegExp.prototype.exec = exec;
  }
  return sources;
}

/** A 4xx says why: `{ error, reason }` in JSON, or a page with a sentence. */
function expectReason(response: HttpResponse): void {
  const type = response.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    const body = JSON.parse(response.body) as { error?: unknown; reason?: unknown; results?: unknown };
    if (Array.isArray(body.results)) {
      // A refused event or enrollment: the result (one, since a batch answers 202 or 207) says why.
      const results = body.results as Array<{ reason?: unknown }>;
      expect(results.length, response.body).toBe(1);
      expect(typeof results[0]!.reason === "string" && results[0]!.reason.length > 3, response.body).toBe(
        true,
      );
      return;
    }
    expect(typeof body.error === "string" && body.error.length > 0, response.body).toBe(true);
    expect(typeof body.reason === "string" && body.reason.length > 3, response.body).toBe(true);
  } else {
    expect(type).toMatch(/^text\/html/);
    const text = response.body.replace(/<style>.*?<\/style>/gs, "").replace(/<[^>]+>/g, " ");
    expect(text.trim().length, response.body).toBeGreaterThan(20);
  }
}

/** What every answer must be: no 5xx, a reason on 4xx, no header injection, redirects only from emails. */
function expectSafe(request: HttpRequest, response: HttpResponse): void {
  const where = `${request.method} ${request.path.slice(0, 120)} → ${response.status} ${response.body.slice(0, 300)}`;
  expect(Number.isInteger(response.status), where).toBe(true);
  expect(response.status, where).toBeGreaterThanOrEqual(200);
  expect(response.status, where).toBeLessThan(500);
  for (const value of Object.values(response.headers)) expect(value, where).not.toMatch(/[\r\n]/);
  if (response.status >= 400) expectReason(response);
  if (response.status >= 300 && response.status < 400) {
    // Only a click link that was in an email redirects (to its URL in the ledger: see below).
    expect(world.clickTokens, where).toContain(clickToken(request));
    expect(response.headers.location, where).toMatch(/^https:\/\//);
  }
}

/**
 * Store calls one request may make, whatever the store holds: the busiest (an accepted event)
 * makes 7, and the 400 runs keep adding events and sends without raising it; a contact with an
 * account adds a fixed 3 or 4 per change of its share (joining when created, its score or stage
 * changing: src/core/engine/accounts.ts), whatever the size of the account; and when a workflow
 * has an account condition (the samples do), one read of the account's row per rules run.
 */
const MAX_STORE_CALLS_PER_REQUEST = 19;

/** Work a request did, counted through the store rather than timed: bounded, never a scan. */
function expectBoundedWork(request: HttpRequest, response: HttpResponse): void {
  const where = `${request.method} ${request.path.slice(0, 120)} → ${response.status}`;
  const { calls, eventsRead } = counting.counts;
  expect(calls.length, `${where}: ${calls.join(", ")}`).toBeLessThanOrEqual(MAX_STORE_CALLS_PER_REQUEST);
  expect(eventsRead, where).toBeLessThanOrEqual(EVENT_READ_LIMIT);
}

const clickToken = (request: HttpRequest) => /^\/r\/([^/]+)\/*$/.exec(request.path)?.[1];

/** The URL the send ledger holds for a click token's tag in its email. */
async function ledgerUrl(token: string): Promise<string | undefined> {
  const { rt } = world;
  const verified = verifyToken(rt.deps.tokens, "click", token, rt.clock.now());
  if (!verified.ok) return undefined;
  const { c, e, s, l } = verified.payload as Record<string, string>;
  return (await rt.deps.store.getSend(c!, e!, s!))?.links?.[l!];
}

describe("every HTTP handler under fuzzing (fast-check, fixed seed)", () => {
  it("never throws, never answers 5xx, always gives a 4xx a reason, redirects only to emailed links, and makes a bounded number of store calls per request", async () => {
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(fuzzRequests(world), async (request) => {
        counting.reset();
        const response = await route(counted, request);
        expectBoundedWork(request, response);
        expectSafe(request, response);
        if (response.status === 302)
          expect(response.headers.location).toBe(await ledgerUrl(clickToken(request)!));
        seen.set(response.status, (seen.get(response.status) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The runs reached the handlers, not only the router's and authentication's refusals.
    for (const status of [200, 201, 202, 302, 400, 401, 404, 405, 413, 415])
      expect(seen.get(status), `${status}`).toBeGreaterThan(0);
  });

  it("refuses an oversized body on every route with 413 and a reason", async () => {
    const cases: Array<[string, string, string]> = [
      ["POST", "/events", HUGE[0]!],
      ["POST", "/enroll", HUGE[1]!],
      ["POST", `/tasks/${world.taskId}/complete`, HUGE[0]!],
      ["POST", `/u/${world.unsubscribeTokens[0]}`, HUGE[2]!],
      ["POST", "/enrollments/redrive", HUGE[0]!],
    ];
    for (const [method, path, body] of cases) {
      const response = await world.call(apiRequest(method, path, body));
      expect(response.status, path).toBe(413);
      expectReason(response);
    }
  });

  it("answers a '////…x' path with 404 without touching the store and without an unanchored regular expression over it (/\\/+$/ backtracks quadratically there)", async () => {
    const path = `${"/".repeat(100_000)}x`;
    const scanned = await regexesRunOn(
      (input) => input.length >= path.length - 1,
      async () => {
        counting.reset();
        const response = await route(counted, apiRequest("GET", path, ""));
        expect(response.status).toBe(404);
      },
    );
    expect(counting.counts.calls).toEqual([]);
    // A pattern anchored at the start is tried at one position; any other is retried at each of
    // the 100,000 slashes, and one that can match slashes then rescans the rest: quadratic.
    expect(scanned.filter((source) => !source.startsWith("^"))).toEqual([]);
  });

  it("still serves authenticated, valid requests afterwards: the store is intact", async () => {
    const { call, rt } = world;
    const event = await call(
      apiRequest("POST", "/events", { id: "after-fuzz", contactId: "fz-raj", event: "page.view" }),
    );
    expect(event.status).toBe(202);
    expect(JSON.parse(event.body).results[0].status).toBe("stored");
    const body = JSON.stringify({ id: "after-fuzz-2", contactId: "fz-ana", event: "page.view" });
    const signed = await call(
      apiRequest("POST", "/events", body, {
        "x-api-key": undefined,
        "x-handoff-signature": signatureFor(world, { method: "POST", path: "/events", body }),
      }),
    );
    expect(signed.status).toBe(202);
    const enroll = await call(
      apiRequest("POST", "/enroll", {
        workflow: "trial-nurture",
        contact: { id: "after-fuzz", email: "after.fuzz@example.com" },
      }),
    );
    expect(enroll.status).toBe(201);
    const task = await call(apiRequest("POST", `/tasks/${world.taskId}/complete`, ""));
    expect(task.status).toBe(200);
    const token = world.clickTokens[0]!;
    const click = await call({ method: "GET", path: `/r/${token}`, query: {}, headers: {}, body: "" });
    expect(click.status).toBe(302);
    expect(click.headers.location).toBe(await ledgerUrl(token));
    const page = await call({
      method: "GET",
      path: `/u/${world.unsubscribeTokens[0]}`,
      query: {},
      headers: {},
      body: "",
    });
    expect(page.status).toBe(200);
    expect(await rt.deps.store.getContact("fz-raj")).toMatchObject({
      id: "fz-raj",
      email: "raj.fuzz@example.com",
    });
    await rt.idle();
    const failed = [...rt.executions.values()].filter((x) => x.status === "failed");
    expect(failed.map((x) => x.error)).toEqual([]);
  });
});
