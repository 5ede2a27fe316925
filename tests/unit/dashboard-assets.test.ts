import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ASSETS_MODULE, dashboardAssetsModule } from "../../scripts/dashboard-assets";

describe("the dashboard's assets module", () => {
  it("is what scripts/dashboard-assets.ts makes from src/adapters/http/dashboard/app/ (else: npm run dashboard)", async () => {
    const committed = readFileSync(ASSETS_MODULE, "utf8");
    expect(
      committed === (await dashboardAssetsModule()),
      "run `npm run dashboard` and commit the result",
    ).toBe(true);
  });
});
