import { describe, expect, it } from "vitest";
import { DEFAULT_SERVE_PORT, serveSettings } from "../../src/cli/local-serve.js";
import { UsageError } from "../../src/cli/usage.js";

describe("npm start -- --serve options", () => {
  it("takes a port from 0 to 65535, 4700 by default", () => {
    expect(DEFAULT_SERVE_PORT).toBe(4700);
    expect(serveSettings("0", {}).port).toBe(0);
    expect(serveSettings("4700", {}).port).toBe(4700);
    for (const bad of ["-1", "65536", "http", "47.5", ""])
      expect(() => serveSettings(bad, {}), bad).toThrow(UsageError);
  });

  it("uses HANDOFF_LOCAL_KEY when set, else a new random key each time", () => {
    expect(serveSettings("0", { HANDOFF_LOCAL_KEY: "a-local-key-0123456789" }).key).toBe(
      "a-local-key-0123456789",
    );
    expect(() => serveSettings("0", { HANDOFF_LOCAL_KEY: "short" })).toThrow(/at least 16 characters/);
    const a = serveSettings("0", {}).key;
    const b = serveSettings("0", {}).key;
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });
});
