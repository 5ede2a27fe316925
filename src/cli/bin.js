#!/usr/bin/env node
// Entry point of the `handoff` command. It runs the build of the command (dist/cli/main.js, written
// by `npm run build`, which `npm ci` runs as `prepare`: scripts/build-cli.mjs) when that build is not
// older than any file under src/; else, or with HANDOFF_DEV=1, it runs the TypeScript sources
// through tsx, so an edit is live without a build.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const src = fileURLToPath(new URL("..", import.meta.url));
const built = new URL("../../dist/cli/main.js", import.meta.url);
const stamp = fileURLToPath(new URL("../../dist/cli/.stamp", import.meta.url));

/** The build time (its stamp's mtime), or 0 when there is no build. */
function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return 0;
  }
}

/** True when some file under `dir` was modified after `time` (a walk of about 400 stats: ~3 ms). */
function changedSince(dir, time) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isDirectory()) continue;
    if (statSync(`${entry.parentPath}/${entry.name}`).mtimeMs > time) return true;
  }
  return false;
}

const stampTime = process.env.HANDOFF_DEV === "1" ? 0 : builtAt();
if (stampTime > 0 && !changedSince(src, stampTime)) {
  await import(built.href);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("./main.ts");
}
