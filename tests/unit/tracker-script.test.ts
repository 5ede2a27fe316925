import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { TRACKER_MODULE, trackerModule } from "../../scripts/tracker-script";
import {
  REQUIRE_CONSENT_PLACEHOLDER,
  TRACKER_SCRIPT,
  trackerScript,
} from "../../src/adapters/http/tracking-script";

describe("the tracking script's module", () => {
  it("is what scripts/tracker-script.ts makes from src/adapters/http/tracker.js (else: npm run tracker)", async () => {
    const committed = readFileSync(TRACKER_MODULE, "utf8");
    expect(committed === (await trackerModule()), "run `npm run tracker` and commit the result").toBe(true);
  });

  it("is at most 3 KB gzipped", () => {
    expect(gzipSync(TRACKER_SCRIPT, { level: 9 }).length).toBeLessThanOrEqual(3 * 1024);
  });

  it("holds the requireConsent placeholder once, and is served with it filled in", () => {
    expect(TRACKER_SCRIPT.split(REQUIRE_CONSENT_PLACEHOLDER)).toHaveLength(2);
    expect(trackerScript({ tracking: { sites: [], requireConsent: true } })).toMatch(
      /}\)\(true,window,document\);$/,
    );
    expect(trackerScript({})).toMatch(/}\)\(false,window,document\);$/);
    expect(trackerScript({})).not.toContain(REQUIRE_CONSENT_PLACEHOLDER);
  });
});
