import type { Settings } from "../../core/language";
import { TRACKER_SCRIPT } from "./tracker.generated";
import type { HttpResponse } from "./types";

/** What the script holds in place of settings.tracking.requireConsent until it is served. */
export const REQUIRE_CONSENT_PLACEHOLDER = "__HANDOFF_REQUIRE_CONSENT__";

/** The minified script (src/adapters/http/tracker.js), placeholder included. */
export { TRACKER_SCRIPT };

/** The script as GET /t.js serves it: settings.tracking.requireConsent filled in. */
export function trackerScript(settings: Pick<Settings, "tracking">): string {
  return TRACKER_SCRIPT.replace(
    REQUIRE_CONSENT_PLACEHOLDER,
    String(settings.tracking?.requireConsent === true),
  );
}

/**
 * GET /t.js (docs/website-tracking.md). Cached briefly, not for good: a changed requireConsent or a
 * new version reaches pages within minutes. Any page may load it; its calls are checked at POST /t.
 */
export function getTrackerScript(settings: Pick<Settings, "tracking">): HttpResponse {
  return {
    status: 200,
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      "x-content-type-options": "nosniff",
      "cross-origin-resource-policy": "cross-origin",
    },
    body: trackerScript(settings),
  };
}
