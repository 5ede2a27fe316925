import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./workspace";

/** `handoff <args>` run in `cwd` as a user runs it (node src/cli/bin.js, no colours): its exit code and output. */
export function handoff(args: string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [join(REPO, "src/cli/bin.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
