import { spawn } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO } from "../helpers/workspace";
import { type OfflineCall, startOfflineAws } from "./offline-aws";

/** What the stacks are built from: copied, so the build never races another one over .sst/. */
export const PROJECT_FILES = [
  "sst.config.ts",
  "stacks",
  "src",
  "functions",
  "workflows",
  "templates",
  "package.json",
  "tsconfig.json",
];

/** Changes a copy's workflows/settings.json before the build (a stage with Asana). */
export type SettingsChange = (settings: Record<string, unknown>) => void;

/** settings.json's text with `change` applied (the text itself when there is none). */
export function withSettings(text: string, change?: SettingsChange): string {
  if (!change) return text;
  const settings = JSON.parse(text) as Record<string, unknown>;
  change(settings);
  return JSON.stringify(settings, null, 2);
}

export interface SstBuild {
  /** The copy of the project the build ran in; its .sst/dist holds the templates and assets. */
  root: string;
  dist: string;
  /** The AWS calls the local endpoint answered. */
  calls: OfflineCall[];
  /** Connections to anything but 127.0.0.1 that the guard refused (should be none). */
  blockedConnections: string[];
  seconds: number;
  output: string;
  cleanup(): void;
}

/**
 * How long a build may take: 170 s, or SST_BUILD_TIMEOUT_MS when the shared machine is busy (the
 * build is CPU-bound; its time says nothing about Handoff).
 */
export const SST_BUILD_TIMEOUT_MS = Number(process.env.SST_BUILD_TIMEOUT_MS ?? 170_000);

/**
 * Runs the real `npx sst build --stage <stage>` in a copy of the project, against a local endpoint
 * answering the three AWS calls the build makes, with every other connection refused. The stack
 * tests share its result through tests/stacks/build-cache.ts.
 */
export async function sstBuild(
  stage: string,
  options: {
    timeoutMs?: number;
    settings?: SettingsChange;
  } = {},
): Promise<SstBuild> {
  const timeoutMs = options.timeoutMs ?? SST_BUILD_TIMEOUT_MS;
  const root = mkdtempSync(join(tmpdir(), "handoff-sst-"));
  for (const file of PROJECT_FILES) cpSync(join(REPO, file), join(root, file), { recursive: true });
  if (options.settings) {
    const file = join(root, "workflows", "settings.json");
    writeFileSync(file, withSettings(readFileSync(file, "utf8"), options.settings));
  }
  symlinkSync(join(REPO, "node_modules"), join(root, "node_modules"), "dir");
  const networkLog = join(root, "network.log");
  const aws = await startOfflineAws();
  const started = performance.now();
  let output = "";
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn("npx", ["sst", "build", "--stage", stage], {
        cwd: root,
        env: {
          PATH: process.env.PATH,
          HOME: root,
          AWS_ENDPOINT_URL: aws.endpoint,
          AWS_ACCESS_KEY_ID: "local",
          AWS_SECRET_ACCESS_KEY: "local",
          AWS_REGION: "us-east-1",
          AWS_EC2_METADATA_DISABLED: "true",
          SST_TELEMETRY_DISABLED: "1",
          NO_COLOR: "1",
          npm_config_update_notifier: "false",
          npm_config_offline: "true",
          NODE_OPTIONS: `--require ${join(REPO, "tests/stacks/no-network.cjs")}`,
          HANDOFF_NETWORK_LOG: networkLog,
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
      });
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`sst build did not finish in ${timeoutMs} ms:\n${output.slice(-3000)}`));
      }, timeoutMs);
      child.on("error", reject);
      child.on("exit", (status) => {
        clearTimeout(timer);
        resolve(status);
      });
    });
    if (code !== 0) throw new Error(`sst build exited with ${code}:\n${output.slice(-5000)}`);
  } catch (error) {
    await aws.close();
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  await aws.close();
  return {
    root,
    dist: join(root, ".sst/dist"),
    calls: aws.calls,
    blockedConnections: existsSync(networkLog)
      ? readFileSync(networkLog, "utf8").split("\n").filter(Boolean)
      : [],
    seconds: (performance.now() - started) / 1000,
    output,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Stack name (`test-handoff-Data`) → the template synthesized into `dist`. */
export function readTemplates(dist: string): Map<string, Record<string, unknown>> {
  const templates = new Map<string, Record<string, unknown>>();
  for (const file of readdirSync(dist).filter((f) => f.endsWith(".template.json"))) {
    templates.set(file.replace(/\.template\.json$/, ""), JSON.parse(readFileSync(join(dist, file), "utf8")));
  }
  return templates;
}
