// Rewrites src/adapters/http/dashboard/assets.generated.ts after a change to the dashboard
// (src/adapters/http/dashboard/app/) or to the versions of preact, htm, uPlot or esbuild.
import { writeFileSync } from "node:fs";
import { ASSETS_MODULE, dashboardAssetsModule } from "./dashboard-assets";

writeFileSync(ASSETS_MODULE, await dashboardAssetsModule());
console.log(`wrote ${ASSETS_MODULE}`);
