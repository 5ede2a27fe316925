import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signRequest } from "../../src/adapters/http/auth";
import { DEFAULT_KEY_RATE, parseApiKeys } from "../../src/adapters/http/keys";
import { ROUTES } from "../../src/adapters/http/routes";
import { grants, PUBLIC_ROUTES, ROUTE_SCOPES, SCOPES } from "../../src/adapters/http/scopes";
import { API_ROUTES } from "../../stacks/Api";
import { REPO } from "../helpers/workspace";

// Finding 9 of the security review (issue 12): how keys are configured, and the one table that
// says which scope each route needs.

describe("the HANDOFF_API_KEYS secret", () => {
  it("is a JSON list of { name, key, scope, rate? }, each with the default rate when none is given", () => {
    const keys = parseApiKeys(
      JSON.stringify([
        { name: "crm", key: "crm-key-0123456789abcdef", scope: "ingest", rate: 20 },
        { name: "ops", key: "ops-key-0123456789abcdef", scope: "admin" },
      ]),
    );
    expect(keys).toEqual([
      { name: "crm", key: "crm-key-0123456789abcdef", scope: "ingest", rate: 20 },
      { name: "ops", key: "ops-key-0123456789abcdef", scope: "admin", rate: DEFAULT_KEY_RATE },
    ]);
  });

  it("reads a plain string (the format before scopes) as an ingest key named by its place", () => {
    const keys = parseApiKeys(
      JSON.stringify([
        "legacy-key-0123456789",
        { name: "ops", key: "ops-key-0123456789abcdef", scope: "admin" },
      ]),
    );
    expect(keys[0]).toEqual({
      name: "key-1",
      key: "legacy-key-0123456789",
      scope: "ingest",
      rate: DEFAULT_KEY_RATE,
    });
  });

  it("refuses a malformed list, naming the entry and what to fix", () => {
    const bad: Array<[unknown, RegExp]> = [
      [{ name: "crm" }, /JSON list/],
      [[{ name: "crm", key: "crm-key-0123456789abcdef", scope: "owner" }], /0\.scope/],
      [[{ name: "crm", key: "short", scope: "ingest" }], /0\.key.*16/],
      [[{ name: "crm", key: "crm-key-0123456789abcdef", scope: "ingest", rate: 0 }], /0\.rate/],
      [
        [
          { name: "crm", key: "crm-key-0123456789abcdef", scope: "ingest" },
          { name: "crm", key: "crm-key-0123456789abcdeX", scope: "admin" },
        ],
        /name 'crm'.*twice/,
      ],
      [
        [
          { name: "a", key: "same-key-0123456789abcdef", scope: "ingest" },
          { name: "b", key: "same-key-0123456789abcdef", scope: "admin" },
        ],
        /same key/,
      ],
    ];
    for (const [value, message] of bad) expect(() => parseApiKeys(JSON.stringify(value))).toThrow(message);
    expect(() => parseApiKeys("not json")).toThrow(/HANDOFF_API_KEYS.*JSON/);
  });
});

describe("scopes", () => {
  it("admin holds every scope, rep holds viewer, ingest and viewer only themselves", () => {
    const table = Object.fromEntries(
      SCOPES.map((held) => [held, SCOPES.filter((needed) => grants(held, needed))]),
    );
    expect(table).toEqual({
      ingest: ["ingest"],
      viewer: ["viewer"],
      rep: ["viewer", "rep"],
      admin: ["ingest", "viewer", "rep", "admin"],
    });
  });

  it("every deployed route is either public or in the route → scope table, and the table has no other", () => {
    expect([...API_ROUTES].sort()).toEqual([...Object.keys(ROUTE_SCOPES), ...PUBLIC_ROUTES].sort());
  });

  it("every keyed route of the route table names its entry of the scope table, and every public one a public route", () => {
    const keyedRoutes = ROUTES.filter((entry) => entry.keyed).map((entry) => entry.route);
    const publicRoutes = ROUTES.filter((entry) => !entry.keyed).map((entry) => entry.route);
    expect([...keyedRoutes].sort()).toEqual(Object.keys(ROUTE_SCOPES).sort());
    expect([...publicRoutes].sort()).toEqual([...PUBLIC_ROUTES].sort());
  });
});

describe("docs/http-api.md", () => {
  it("its signing example is what signRequest makes", () => {
    const doc = readFileSync(join(REPO, "docs/http-api.md"), "utf8");
    const header = signRequest(
      "example-signing-secret-0123456789",
      { method: "POST", path: "/events", body: '{"contactId":"c-1","event":"page.view"}' },
      1772550000,
    );
    expect(doc).toContain(`\`${header}\``);
  });
});
