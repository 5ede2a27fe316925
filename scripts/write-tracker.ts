// Rewrites src/adapters/http/tracker.generated.ts after a change to src/adapters/http/tracker.js
// or to the version of esbuild.
import { writeFileSync } from "node:fs";
import { TRACKER_MODULE, trackerModule } from "./tracker-script";

writeFileSync(TRACKER_MODULE, await trackerModule());
console.log(`wrote ${TRACKER_MODULE}`);
