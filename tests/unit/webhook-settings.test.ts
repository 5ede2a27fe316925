// settings.webhooks[].url follows the rule of settings.links.baseUrl (src/core/language/https-url.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadWorkspace } from "../../src/compiler/load";
import type { Violation } from "../../src/compiler/violation";
import { validateInWorkspace } from "../helpers/validate-text";
import { REPO } from "../helpers/workspace";

const base = loadWorkspace({ cwd: REPO });
const file = "workflows/settings.json";
const settings = JSON.parse(readFileSync(join(REPO, file), "utf8"));
const errors = (url: string): Violation[] =>
  validateInWorkspace(
    base,
    file,
    new TextEncoder().encode(
      JSON.stringify({ ...settings, webhooks: [{ url, events: ["handoff"], secret: "acme/webhooks/crm" }] }),
    ),
  ).filter((v) => v.severity === "error");

describe("settings.webhooks[].url", () => {
  it("https is accepted", () => {
    expect(errors("https://crm.acme.example/handoff-webhooks")).toEqual([]);
  });

  it("http is an error naming the file, the JSON path and what to write", () => {
    expect(errors("http://crm.acme.example/hooks")).toEqual([
      expect.objectContaining({
        file,
        path: "/webhooks/0/url",
        code: "invalid-value",
        message: expect.stringContaining('write "https://crm.acme.example/hooks"'),
      }),
    ]);
    expect(errors("http://crm.acme.example/hooks")[0]!.message).toContain("webhook events");
  });

  it.each(["http://localhost:4800/hooks", "http://127.0.0.1:8080", "http://[::1]:3000/x"])(
    "%s may use http, for local development and tests",
    (url) => {
      expect(errors(url)).toEqual([]);
    },
  );

  it.each(["http://localhost.evil.example/hooks", "ftp://crm.acme.example", "not a url"])(
    "%s is refused",
    (url) => {
      expect(errors(url).map((v) => v.path)).toEqual(["/webhooks/0/url"]);
    },
  );
});
