import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../helpers/workspace";
import type { OfflineCall } from "./offline-aws";
import { PROJECT_FILES, readTemplates, type SettingsChange, sstBuild, withSettings } from "./sst-build";

// One real `sst build` per distinct input, shared by the stack test files and by later runs on the
// same machine. An entry, <tmpdir>/handoff-sst-builds/<stage>-<key>, holds the synthesized
// .sst/dist and what the build did (build.json: its AWS calls, refused connections, output). The key
// hashes everything the build reads: the project files it is copied from (the settings change
// applied), the lock file (what node_modules holds), Node's version and the files of
// tests/stacks that run it. So a changed input always means a new build; an unchanged one is read
// back in milliseconds. HANDOFF_SST_CACHE=off builds afresh (and stores nothing).

const CACHE = join(tmpdir(), "handoff-sst-builds");

/** Files outside PROJECT_FILES that decide what the build makes or how it is run. */
const BUILD_INPUTS = [
  "package-lock.json",
  "tests/stacks/sst-build.ts",
  "tests/stacks/offline-aws.ts",
  "tests/stacks/no-network.cjs",
  "tests/stacks/build-cache.ts",
];

/** Entries unused this long are removed when a new one is stored. */
const STALE_MS = 3 * 24 * 3600 * 1000;

/** The synthesized stacks, as the stack tests read them. */
export interface SharedBuild {
  /** The build's .sst/dist: the templates and the functions' assets. Read only: other files share it. */
  dist: string;
  /** Stack name (`test-handoff-Data`) → the synthesized template. */
  templates: Map<string, Record<string, unknown>>;
  /** The AWS calls the local endpoint answered. */
  calls: OfflineCall[];
  /** Connections to anything but 127.0.0.1 that the guard refused (should be none). */
  blockedConnections: string[];
  /** How long the build took, and whether this file read it from the cache. */
  seconds: number;
  cached: boolean;
  /** An empty folder of this test file's own, removed by cleanup(). */
  scratch: string;
  cleanup(): void;
}

interface BuildRecord {
  calls: OfflineCall[];
  blockedConnections: string[];
  seconds: number;
  output: string;
}

/** The stacks of `stage` (`settings` changes workflows/settings.json first), built once per input. */
export async function sharedSstBuild(stage: string, settings?: SettingsChange): Promise<SharedBuild> {
  const useCache = process.env.HANDOFF_SST_CACHE !== "off";
  mkdirSync(CACHE, { recursive: true });
  const entry = useCache
    ? join(CACHE, `${stage}-${buildKey(stage, settings)}`)
    : join(mkdtempSync(join(CACHE, ".uncached-")), "build");
  const cached = useCache && existsSync(join(entry, "build.json"));
  const record = cached ? touch(entry) : await buildInto(entry, stage, settings);
  const scratch = mkdtempSync(join(tmpdir(), "handoff-stack-test-"));
  const dist = join(entry, "dist");
  return {
    dist,
    templates: readTemplates(dist),
    calls: record.calls,
    blockedConnections: record.blockedConnections,
    seconds: record.seconds,
    cached,
    scratch,
    cleanup: () => {
      rmSync(scratch, { recursive: true, force: true });
      if (!useCache) rmSync(join(entry, ".."), { recursive: true, force: true });
    },
  };
}

/** Runs the build and moves its dist and record to `entry` (a rename: the last of two racing builds keeps the first's). */
async function buildInto(entry: string, stage: string, settings?: SettingsChange): Promise<BuildRecord> {
  const build = await sstBuild(stage, settings ? { settings } : {});
  const record: BuildRecord = {
    calls: build.calls,
    blockedConnections: build.blockedConnections,
    seconds: build.seconds,
    output: build.output,
  };
  const staging = mkdtempSync(join(CACHE, ".staging-"));
  renameSync(build.dist, join(staging, "dist"));
  writeFileSync(join(staging, "build.json"), JSON.stringify(record));
  build.cleanup();
  try {
    renameSync(staging, entry);
  } catch {
    // Another run stored the same build first: its copy is as good as this one.
    rmSync(staging, { recursive: true, force: true });
  }
  pruneStale();
  return record;
}

/** Reads an entry's record and marks it used (its mtime is what pruning goes by). */
function touch(entry: string): BuildRecord {
  const now = new Date();
  try {
    utimesSync(entry, now, now);
  } catch {
    // Another user's entry still serves its build; only its pruning age is not refreshed.
  }
  return JSON.parse(readFileSync(join(entry, "build.json"), "utf8")) as BuildRecord;
}

/** Removes entries unused for STALE_MS, and staging or uncached folders left by a killed run. */
function pruneStale(): void {
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    const mtimeMs = statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    const age = Date.now() - mtimeMs;
    if (age > (name.startsWith(".") ? 3600_000 : STALE_MS)) rmSync(path, { recursive: true, force: true });
  }
}

/** A hash of every input of the build (see the comment at the top). */
export function buildKey(stage: string, settings?: SettingsChange): string {
  const hash = createHash("sha256");
  const add = (label: string, content: string | Buffer) => {
    hash.update(`${label}\0${content.length}\0`);
    hash.update(content);
  };
  add("stage", stage);
  add("node", process.version);
  add("settings", withSettings(readFileSync(join(REPO, "workflows/settings.json"), "utf8"), settings));
  const files = [...PROJECT_FILES.flatMap((path) => filesUnder(path)), ...BUILD_INPUTS];
  for (const file of files) add(file, readFileSync(join(REPO, file)));
  return hash.digest("hex").slice(0, 16);
}

/** The files at or under a path of the repository, relative to it, in a stable order. */
function filesUnder(path: string): string[] {
  if (!statSync(join(REPO, path)).isDirectory()) return [path];
  return readdirSync(join(REPO, path), { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => join(dirent.parentPath, dirent.name).slice(REPO.length + 1))
    .sort();
}
