import { beforeAll, describe, expect, it } from "vitest";
import { localAdminKey } from "../../../src/adapters/http/keys";
import { route } from "../../../src/adapters/http/router";
import { contactsFromCsv } from "../../../src/cli/contact-rows";
import type { ContactStore } from "../../../src/core/ports";
import { apiRequest } from "../../helpers/api-request";
import { engineForTests, httpOver } from "../../helpers/engine";

// Finding 10 and the low finding of the security review (issue 12): the failed list is paged, a
// 500-contact enrollment batch does its work with bounded concurrency, and contacts that cannot be
// stored get a 4xx with a reason, never a 500. Against dynalite.

const KEY = "batch-api-key-0123456789";
const t = engineForTests();
const http = httpOver(t, { auth: { apiKeys: [localAdminKey(KEY, "ops")], signingSecrets: [] } });

const request = (method: string, path: string, body = "", query: Record<string, string> = {}) =>
  apiRequest(method, path, { key: KEY, body, query });
const enrollBody = (contacts: unknown[]) => JSON.stringify({ workflow: "trial-nurture", contacts });
const contact = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  email: `${id}@example.com`,
  ...extra,
});

describe("GET /enrollments/failed, a page at a time", () => {
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      await route(
        http,
        request("POST", "/enroll", JSON.stringify({ workflow: "trial-nurture", contact: contact(`f-${i}`) })),
      );
      await t.deps.store.updateEnrollment(`f-${i}`, "trial-nurture.1", { status: "failed", reason: "boom" });
      t.later(1);
    }
  });

  it("pages with limit and an opaque cursor until no cursor is left", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query: Record<string, string> = cursor ? { limit: "2", cursor } : { limit: "2" };
      const response = await route(http, request("GET", "/enrollments/failed", "", query));
      expect(response.status).toBe(200);
      const body = JSON.parse(response.body);
      expect(body.failed.length).toBeLessThanOrEqual(2);
      seen.push(...body.failed.map((f: { contactId: string }) => f.contactId));
      cursor = body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(["f-0", "f-1", "f-2", "f-3", "f-4"]);
    expect(pages).toBe(3);
  });

  it("refuses a limit beyond the maximum and a cursor it did not make, with reasons", async () => {
    const queries: Array<Record<string, string>> = [
      { limit: "0" },
      { limit: "501" },
      { limit: "ten" },
      { cursor: "not-a-cursor" },
    ];
    for (const query of queries) {
      const response = await route(http, request("GET", "/enrollments/failed", "", query));
      expect(response.status, JSON.stringify(query)).toBe(400);
      expect(JSON.parse(response.body).reason).toMatch(/limit|cursor/);
    }
  });
});

describe("POST /enroll with 500 contacts", () => {
  /** The store, counting calls in flight at once (the real dynalite store underneath). */
  function inFlightCounter(store: ContactStore) {
    const seen = { now: 0, most: 0, calls: 0 };
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        const value = Reflect.get(target, name, receiver);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          seen.now++;
          seen.calls++;
          seen.most = Math.max(seen.most, seen.now);
          try {
            return await value.apply(target, args);
          } finally {
            seen.now--;
          }
        };
      },
    });
    return { counted, seen };
  }

  it("enrolls every contact, a bounded number at a time, with a bounded number of store calls each", async () => {
    const { counted, seen } = inFlightCounter(t.deps.store);
    const deps = { ...http, engine: { ...t.deps, store: counted } };
    const contacts = Array.from({ length: 500 }, (_, i) => contact(`b-${i}`));
    const response = await route(deps, request("POST", "/enroll", enrollBody(contacts)));
    expect(response.status).toBe(207);
    const results = JSON.parse(response.body).results as Array<{ contactId: string; status: string }>;
    expect(results.map((r) => r.contactId)).toEqual(contacts.map((c) => c.id));
    expect(results.every((r) => r.status === "enrolled")).toBe(true);
    expect(seen.most).toBeGreaterThan(1);
    expect(seen.most).toBeLessThanOrEqual(16);
    // Six calls to enroll, two to count the contact's creation and its enrollment for the reports,
    // and four single-item writes adding it to its account's row (all 500 are at example.com:
    // src/core/engine/accounts.ts).
    expect(seen.calls / 500).toBeLessThanOrEqual(12);
  }, 120_000);

  it("a contact twice in one batch is enrolled once, and the answers keep the batch's order", async () => {
    const response = await route(
      http,
      request(
        "POST",
        "/enroll",
        enrollBody([contact("d-1"), contact("d-2"), contact("d-1"), contact("d-3")]),
      ),
    );
    const results = JSON.parse(response.body).results as Array<{ contactId: string; status: string }>;
    expect(results.map((r) => `${r.contactId}:${r.status}`)).toEqual([
      "d-1:enrolled",
      "d-2:enrolled",
      "d-1:already-active",
      "d-3:enrolled",
    ]);
  });
});

describe("contacts that cannot be stored", () => {
  it("refuses attribute names that are JavaScript's own (constructor, __proto__, prototype) with a 400", async () => {
    for (const name of ["constructor", "__proto__", "prototype"]) {
      const body = `{"workflow":"trial-nurture","contact":{"id":"p-1","email":"p-1@example.com","attributes":{"plan":{"${name}":"x"}}}}`;
      const nested = await route(http, request("POST", "/enroll", body));
      expect(nested.status, name).toBe(400);
      const top = await route(
        http,
        request("POST", "/enroll", body.replace(`{"plan":{"${name}":"x"}}`, `{"${name}":"x"}`)),
      );
      expect(top.status, name).toBe(400);
      expect(JSON.parse(top.body).reason).toMatch(new RegExp(`contact\\.attributes.*${name}`));
    }
    const properties = `{"contactId":"p-1","event":"page.view","properties":{"constructor":"x"}}`;
    expect((await route(http, request("POST", "/events", properties))).status).toBe(400);
    expect(await t.deps.store.getContact("p-1")).toBeUndefined();
  });

  it("a CSV column named constructor, __proto__ or prototype is reported on the header line, before anything is sent", () => {
    for (const name of ["constructor", "__proto__", "attributes.prototype"]) {
      const { contacts, problems } = contactsFromCsv([
        { line: 1, fields: ["id", "email", name] },
        { line: 2, fields: ["c1", "c1@example.com", "x"] },
      ]);
      expect(contacts).toEqual([]);
      expect(problems).toEqual([{ line: 1, message: expect.stringMatching(/rename the column/) }]);
    }
  });

  it("answers a contact over DynamoDB's 400 KB item limit with a 4xx and a reason, and enrolls the rest of its batch", async () => {
    const huge = contact("p-huge", { attributes: { notes: "x".repeat(420 * 1024) } });
    const one = await route(
      http,
      request("POST", "/enroll", JSON.stringify({ workflow: "trial-nurture", contact: huge })),
    );
    expect(one.status).toBe(413);
    expect(JSON.parse(one.body).results[0]).toMatchObject({
      status: "rejected",
      reason: expect.stringMatching(/400 KB/),
    });
    const batch = await route(http, request("POST", "/enroll", enrollBody([huge, contact("p-ok")])));
    expect(batch.status).toBe(207);
    expect(JSON.parse(batch.body).results.map((r: { status: string }) => r.status)).toEqual([
      "rejected",
      "enrolled",
    ]);
  });
});
