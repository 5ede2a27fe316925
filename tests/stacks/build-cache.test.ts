import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/workspace";
import { buildKey } from "./build-cache";
import { withSettings } from "./sst-build";

// The key under which tests/stacks/build-cache.ts keeps a build (no build here: milliseconds).

describe("the shared sst build's key", () => {
  const withAsana = (settings: Record<string, unknown>) => {
    settings.integrations = { asana: { tokenSecret: "ASANA_TOKEN" } };
  };

  it("is the same for the same inputs, and differs by stage and by settings change", () => {
    const key = buildKey("test");
    expect(buildKey("test")).toBe(key);
    expect(buildKey("prod")).not.toBe(key);
    expect(buildKey("test", withAsana)).not.toBe(key);
    expect(buildKey("test", withAsana)).toBe(buildKey("test", withAsana));
  });

  it("hashes settings.json as the build sees it: unchanged without a change, changed with one", () => {
    const text = readFileSync(join(REPO, "workflows/settings.json"), "utf8");
    expect(withSettings(text)).toBe(text);
    expect(JSON.parse(withSettings(text, withAsana)).integrations.asana.tokenSecret).toBe("ASANA_TOKEN");
  });
});
