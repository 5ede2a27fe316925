import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers/workspace";

// `npm test` is the one command CI runs: it includes the type check and the linter.
describe("static checks", () => {
  it("npm run typecheck passes (tsc --noEmit, strict)", () => {
    const run = spawnSync(
      process.execPath,
      [join(REPO, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", REPO],
      { encoding: "utf8" },
    );
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 120_000);

  it("npm run lint passes (biome check)", () => {
    const run = spawnSync(join(REPO, "node_modules/.bin/biome"), ["check", "."], {
      cwd: REPO,
      encoding: "utf8",
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
  }, 60_000);
});
