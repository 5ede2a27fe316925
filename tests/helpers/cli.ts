import { execFile, spawnSync } from "node:child_process";
import { join } from "node:path";
import { REPO } from "./workspace";

/**
 * `handoff <args>` run in `cwd` as a user runs it (node src/cli/bin.js, no colours): its exit code and
 * output. bin.js runs the build vitest's globalSetup made (tests/helpers/build-cli-setup.ts).
 */
export function handoff(args: string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [join(REPO, "src/cli/bin.js"), ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `handoff <args>` as a child process that does not block this one (a local API or server of the
 * test keeps answering meanwhile); HANDOFF_API_URL and HANDOFF_API_KEY unset unless `env` sets them.
 */
export function handoffInBackground(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(REPO, "src/cli/bin.js"), ...args],
      { cwd: REPO, env: { ...process.env, NO_COLOR: "1", HANDOFF_API_URL: "", HANDOFF_API_KEY: "", ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
