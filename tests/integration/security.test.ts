import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HttpRequest } from "../../src/adapters/http/types";
import { signToken, verifyToken } from "../../src/core/tokens";
import { apiRequest, type FuzzWorld, startWorld } from "../helpers/fuzz-world";
import { REPO } from "../helpers/workspace";

// Security properties of the HTTP API and the engine on the local runtime: fixed seed, bounded runs.
const SEED = Number(process.env.FUZZ_SEED ?? 20260311);

let world: FuzzWorld;
const started: Array<{ workflowId: string; name: string; input: Record<string, unknown> }> = [];
beforeAll(async () => {
  world = await startWorld();
  const control = world.rt.deps.control;
  const start = control.startExecution.bind(control);
  vi.spyOn(control, "startExecution").mockImplementation(async (workflowId, name, input) => {
    started.push({ workflowId, name, input });
    return start(workflowId, name, input);
  });
});
afterAll(async () => world?.rt.close());

const get = (path: string, query: Record<string, string> = {}): HttpRequest => ({
  method: "GET",
  path,
  query,
  headers: {},
  body: "",
});

/** Every URL the templates track: the only places a click may lead. */
const TRACKED = new Set(
  readdirSync(join(REPO, "templates")).flatMap((f) =>
    [...readFileSync(join(REPO, "templates", f), "utf8").matchAll(/'(https?:\/\/[^']+)'\s*\|\s*track/g)].map(
      (m) => m[1]!,
    ),
  ),
);

describe("the click redirect", () => {
  const payloadOf = (token: string) =>
    (
      verifyToken(world.rt.deps.tokens, "click", token, world.rt.clock.now()) as {
        payload: Record<string, string>;
      }
    ).payload;

  it("sends each emailed link to its URL in that email's send record, whatever the query says", async () => {
    for (const token of world.clickTokens) {
      const { c, e, s, l } = payloadOf(token);
      const send = await world.rt.deps.store.getSend(c!, e!, s!);
      const queries: Array<Record<string, string>> = [
        {},
        { url: "https://evil.example", next: "//evil.example" },
      ];
      for (const query of queries) {
        const response = await world.call(get(`/r/${token}`, query));
        expect(response.status).toBe(302);
        expect(response.headers.location).toBe(send?.links?.[l!]);
        expect(TRACKED).toContain(response.headers.location);
      }
    }
  });

  it("never redirects on a forged token, a tag that was not in the email, or a URL in the token", async () => {
    const real = world.clickTokens.map(payloadOf);
    const later = new Date(world.rt.clock.now().getTime() + 86_400_000);
    const attackerKeys = { current: "local", keys: { local: "attacker-guess-0123456789" } };
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...real),
        fc.oneof(
          fc.constantFrom("pricing", "docs", "evil", "__proto__", "constructor"),
          fc.string({ maxLength: 10 }),
        ),
        fc.webUrl(),
        async (payload, tag, url) => {
          // Signed with a key the attacker guessed: refused outright.
          const forged = signToken(attackerKeys, "click", { ...payload, l: tag }, later);
          const refused = await world.call(get(`/r/${forged}`));
          expect(refused.status).toBe(400);
          expect(refused.headers.location).toBeUndefined();
          // Signed with the real key, for a tag the email did not have: not found, no redirect.
          const send = await world.rt.deps.store.getSend(payload.c!, payload.e!, payload.s!);
          const other = signToken(world.rt.deps.tokens, "click", { ...payload, l: tag }, later);
          const response = await world.call(get(`/r/${other}`));
          if (send?.links && Object.hasOwn(send.links, tag))
            expect(response.headers.location).toBe(send.links[tag]);
          else {
            expect(response.status).toBe(404);
            expect(response.headers.location).toBeUndefined();
          }
          // A URL inside a (validly signed) token is never where the redirect goes.
          const carrying = signToken(
            world.rt.deps.tokens,
            "click",
            { ...payload, url, u: url, target: url },
            later,
          );
          const redirect = await world.call(get(`/r/${carrying}`));
          expect(redirect.headers.location).toBe(send?.links?.[payload.l!]);
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("does not redirect to a link in the send record that is not a web address", async () => {
    const { store } = world.rt.deps;
    const at = world.rt.clock.now().toISOString();
    const key = { contactId: "fz-ana", enrollmentId: "trial-nurture.1", stepId: "bad-links" };
    await store.claimSend({ ...key, workflowId: "trial-nurture", status: "claimed", claimedAt: at });
    await store.completeSend(key.contactId, key.enrollmentId, key.stepId, {
      status: "sent",
      messageId: "m-bad",
      links: { js: "javascript:alert(1)", data: "data:text/html,<script>", rel: "//evil.example" },
    });
    const later = new Date(world.rt.clock.now().getTime() + 86_400_000);
    for (const l of ["js", "data", "rel"]) {
      const token = signToken(
        world.rt.deps.tokens,
        "click",
        { c: key.contactId, e: key.enrollmentId, s: key.stepId, l },
        later,
      );
      const response = await world.call(get(`/r/${token}`));
      expect(response.status).toBe(404);
      expect(response.headers.location).toBeUndefined();
    }
  });
});

describe("personal data and Step Functions", () => {
  const word = (min: number) => fc.stringMatching(new RegExp(`^[A-Z][a-zà-ö]{${min},10}$`));
  const person = fc.record({
    id: fc.stringMatching(/^[0-9a-f]{12}$/).map((hex) => `c-${hex}`),
    email: fc.stringMatching(/^[g-z]{3,10}$/).map((local) => `pii${local}@pii-example.com`),
    firstName: word(3),
    lastName: word(3),
    company: word(4).map((w) => `${w} Corp`),
    title: word(4),
  });

  it("puts only ids in execution names and input, whoever is enrolled, identified or handed off", async () => {
    const people: Array<Record<string, string>> = [];
    await fc.assert(
      fc.asyncProperty(person, fc.constantFrom("enroll", "identify", "long-term"), async (p, how) => {
        fc.pre(!people.some((q) => q.id === p.id || q.email === p.email));
        people.push(p);
        const response =
          how === "identify"
            ? await world.call(apiRequest("POST", "/events", { contact: p, event: "trial.started" }))
            : await world.call(
                apiRequest("POST", "/enroll", {
                  workflow: how === "enroll" ? "trial-nurture" : "long-term-nurture",
                  contact: p,
                }),
              );
        expect(response.status, response.body).toBeLessThan(300);
      }),
      { seed: SEED, numRuns: 20 },
    );
    // A minute later (an event at the instant of enrollment does not count), a reply hands the
    // trial contacts off to sales: a second execution, of the sequence.
    await world.rt.runUntil(world.rt.clock.now().getTime() + 60_000);
    for (const p of people)
      await world.call(
        apiRequest("POST", "/events", { id: `reply-${p.id}`, contactId: p.id, event: "email.reply" }),
      );
    await world.rt.idle();
    const handedOff = started.filter((s) => s.workflowId === "sdr-follow-up");
    expect(handedOff.length).toBeGreaterThan(0);
    expect(started.length).toBeGreaterThanOrEqual(people.length + handedOff.length);
    const secrets = people.flatMap((p) => [
      p.email!,
      p.email!.split("@")[0]!,
      p.firstName!,
      p.lastName!,
      p.company!,
      p.title!,
    ]);
    const records = [...world.rt.executions.values()].map((r) => ({
      name: r.name,
      input: { enrollmentId: r.enrollmentId, contactId: r.contactId },
    }));
    for (const { name, input } of [...started, ...records]) {
      expect(name).toMatch(/^[a-z0-9-]+-[0-9a-f]{20}-\d+$/);
      expect(Object.keys(input).sort()).toEqual(["contactId", "enrollmentId"]);
      const text = `${name} ${JSON.stringify(input)}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
