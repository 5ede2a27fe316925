import { describe, expect, it } from "vitest";
import { DASHBOARD_CSP } from "../../src/adapters/http/dashboard-routes";
import { localAdminKey } from "../../src/adapters/http/keys";
import { route } from "../../src/adapters/http/router";
import { SMOKE_WORKFLOWS } from "../../src/core/smoke";
import { apiRequest } from "../helpers/api-request";
import { engineForTests, httpOver } from "../helpers/engine";

const t = engineForTests();
const VIEWER = "viewer-key-0123456789abcdef";
const INGEST = "ingest-key-0123456789abcdef";
const deps = httpOver(t, {
  auth: {
    apiKeys: [
      { ...localAdminKey(VIEWER, "dashboard"), scope: "viewer" },
      { ...localAdminKey(INGEST, "crm"), scope: "ingest" },
    ],
    signingSecrets: [],
  },
});

describe("GET / and /dashboard/<file>: the dashboard, without a key", () => {
  it("serves the page with a self-only Content-Security-Policy, never cached", async () => {
    const page = await route(deps, apiRequest("GET", "/"));
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toContain("default-src 'none'");
    expect(DASHBOARD_CSP).not.toContain("unsafe");
    expect(page.headers["cache-control"]).toBe("no-cache");
    expect(page.body).not.toMatch(/https?:\/\//);
  });

  it("serves each file the page names, cached for good (its name holds its hash), and 404 for any other", async () => {
    const page = await route(deps, apiRequest("GET", "/"));
    const files = [...page.body.matchAll(/"(\/dashboard\/app\.[0-9a-f]{12}\.(?:js|css))"/g)].map(
      (m) => m[1]!,
    );
    expect(files).toHaveLength(2);
    for (const file of files) {
      const asset = await route(deps, apiRequest("GET", file));
      expect(asset.status, file).toBe(200);
      expect(asset.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(asset.headers["content-type"]).toMatch(
        file.endsWith(".js") ? /^text\/javascript/ : /^text\/css/,
      );
      expect(asset.body.length).toBeGreaterThan(1000);
      expect(asset.body).not.toMatch(/https?:\/\/(?:cdn|unpkg|esm\.sh)/);
    }
    expect((await route(deps, apiRequest("GET", "/dashboard/app.000000000000.js"))).status).toBe(404);
    expect((await route(deps, apiRequest("GET", "/dashboard/toString"))).status).toBe(404);
    expect((await route(deps, apiRequest("POST", "/"))).status).toBe(405);
  });
});

describe("GET /workflows: the dashboard's pickers", () => {
  it("lists the catalog's workflows but the built-in smoke ones, and settings' owners (ids and names) to a viewer key", async () => {
    const answer = await route(deps, apiRequest("GET", "/workflows", { key: VIEWER }));
    expect(answer.status).toBe(200);
    const list = JSON.parse(answer.body);
    const { catalog } = t.deps;
    // The smoke workflows are deployed (the catalog has them) but no marketer picks them.
    expect([...catalog.workflows.keys()]).toEqual(expect.arrayContaining([...SMOKE_WORKFLOWS]));
    expect(list.workflows).toEqual(
      [...catalog.workflows.values()]
        .filter(({ id }) => !SMOKE_WORKFLOWS.includes(id))
        .map(({ id, name, kind }) => ({ id, name, kind })),
    );
    expect(list.workflows.length).toBeGreaterThan(1);
    expect(list.owners).toEqual(catalog.settings.owners.map(({ id, name }) => ({ id, name })));
    expect(answer.body).not.toContain("@");
  });

  it("needs a key (401) with the viewer scope (403 for an ingest key)", async () => {
    expect((await route(deps, apiRequest("GET", "/workflows"))).status).toBe(401);
    const forbidden = await route(deps, apiRequest("GET", "/workflows", { key: INGEST }));
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body).needs).toBe("viewer");
  });
});
