import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./workspace";

/**
 * vitest's globalSetup: builds the `handoff` command once per test run (scripts/build-cli.mjs), so
 * the tests that spawn `node src/cli/bin.js` run the compiled CLI, as users do after `npm ci`.
 */
export default function buildCli(): void {
  execFileSync(process.execPath, [join(REPO, "scripts/build-cli.mjs")], { stdio: "inherit" });
}
