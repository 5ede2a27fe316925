// Section 3: each Lambda handler bundled as SST bundles it, with the esbuild SST itself runs and the
// options of stacks/bundling.ts, both with the AWS SDK bundled and with the runtime's SDK, and the
// cold import of each bundle in a fresh Node process, against an empty handler deployed the same way.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions, BuildResult, Metafile } from "esbuild";
import { FUNCTIONS } from "../src/core/step-lambdas";
import { functionEsbuildOptions, SDK_SOURCE, type SdkSource } from "../stacks/bundling";
import { runCommand } from "./commands";
import { type Spread, spread } from "./stats";

/** The esbuild SST 2 bundles with (sst/node_modules/esbuild), not the one tsx and vitest bring. */
const esbuild = createRequire(createRequire(import.meta.url).resolve("sst/package.json"))(
  "esbuild",
) as typeof import("esbuild");

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

export interface BundleFigures {
  bundle: string;
  /** Where its AWS SDK comes from (stacks/bundling.ts): inside the bundle, or the Lambda runtime's. */
  sdk: SdkSource;
  entry: string;
  functions: string[];
  bytes: number;
  /** Where the bytes come from: npm packages by the first one reached from our code, and our code. */
  largest: Array<{ source: string; bytes: number; importedBy?: string }>;
  importMs?: Spread;
  /** Spawn to exit of `node -e "await import(bundle)"`: Node's own start-up included. */
  processMs?: Spread;
}

/** The SDK clients of the step bundle (functions/wiring.ts and functions/ses-mailer.ts), and nothing else. */
const SDK_CLIENTS = `import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
const clients = [DynamoDBDocumentClient.from(new DynamoDBClient({})), new SESv2Client({}), new SFNClient({}), new SQSClient({})];
export async function handler() {
  return { clients: clients.length };
}
`;

/**
 * Every Lambda entry point: each file of functions/ that no other file there imports (the others,
 * wiring.ts, environment.ts, …, are their shared parts). step.ts holds one function per step.
 */
async function handlerEntries(): Promise<Array<{ bundle: string; entry: string; functions: string[] }>> {
  const files = (await readdir(join(ROOT, "functions"))).filter((file) => file.endsWith(".ts"));
  const sources = await Promise.all(files.map((file) => readFile(join(ROOT, "functions", file), "utf8")));
  const imported = (file: string) =>
    sources.some((source) => source.includes(`from "./${file.replace(/\.ts$/, "")}"`));
  return files
    .filter((file) => !imported(file))
    .map((file) => {
      const bundle = file.replace(/\.ts$/, "");
      const camel = bundle.replace(/-(\w)/g, (_, letter: string) => letter.toUpperCase());
      const functions = bundle === "step" ? Object.keys(FUNCTIONS) : [camel];
      return { bundle, entry: `functions/${file}`, functions };
    });
}

/** sst/runtime/handlers/node.js for `format: "esm"`, with the options of stacks/bundling.ts. */
function sstOptions(entry: string, outfile: string, sdk: SdkSource): BuildOptions {
  const { external = [], ...functionOptions } = functionEsbuildOptions(entry, sdk);
  return {
    entryPoints: [entry],
    platform: "node",
    external: ["sharp", "pg-native", ...external],
    keepNames: true,
    bundle: true,
    logLevel: "silent",
    metafile: true,
    format: "esm",
    target: "esnext",
    mainFields: ["module", "main"],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        "",
      ].join("\n"),
    },
    outfile,
    sourcemap: true,
    minify: true,
    ...functionOptions,
  };
}

/** The npm package a bundled file belongs to (node_modules/.cache holds the bench's own entries). */
const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/.][^/]*)/.exec(path)?.[1];

/** Bytes in the bundle by the npm package our code imported (its own dependencies folded in). */
export function largestSources(metafile: Metafile, output: string): BundleFigures["largest"] {
  const out = metafile.outputs[output]!;
  const root = new Map<string, { source: string; importedBy?: string }>();
  const queue = Object.keys(metafile.inputs).filter((p) => !packageOf(p) && out.inputs[p]);
  for (const p of queue) root.set(p, { source: "our code (src/, functions/, stacks/)" });
  // Breadth first from our own files: a package counts under the first package our code reached it by.
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i]!;
    for (const { path } of metafile.inputs[from]?.imports ?? []) {
      if (root.has(path) || !metafile.inputs[path]) continue;
      const pkg = packageOf(path);
      const parent = root.get(from)!;
      root.set(path, pkg && !packageOf(from) ? { source: pkg, importedBy: from } : parent);
      queue.push(path);
    }
  }
  const totals = new Map<string, { source: string; bytes: number; importedBy?: string }>();
  for (const [path, { bytesInOutput }] of Object.entries(out.inputs)) {
    const r = root.get(path) ?? { source: packageOf(path) ?? path };
    const row = totals.get(r.source) ?? { ...r, bytes: 0 };
    row.bytes += bytesInOutput;
    totals.set(r.source, row);
  }
  return [...totals.values()].sort((a, b) => b.bytes - a.bytes);
}

/** Milliseconds of `await import(file)` in a fresh Node process, and of the whole process. */
async function coldImport(file: string): Promise<{ importMs: number; processMs: number }> {
  const script =
    "const t = performance.now(); await import(process.argv[1]); process.stdout.write(String(performance.now() - t));";
  // What a Lambda container has: no SST_* variables (so the secret shim fetches nothing).
  const run = await runCommand({
    program: "node",
    args: ["--input-type=module", "-e", script, file],
    env: { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1", NODE_ENV: "production" },
  });
  if (run.exitCode !== 0) throw new Error(`${basename(file)}: ${run.stderr.trim().split("\n")[0]}`);
  return { importMs: Number(run.stdout), processMs: run.ms };
}

export interface BundleReport {
  esbuildVersion: string;
  /** The baseline: an empty handler as every function is deployed (the secret shim, stacks/bundling.ts). */
  baseline: BundleFigures;
  /** An empty handler without the secret shim: Node's floor for importing an ES module. */
  bare: BundleFigures;
  /** A handler that only creates the step bundle's SDK clients (no shim): the SDK's floor, bundled. */
  sdkClients: BundleFigures;
  /** The same with the runtime's SDK (optional: reports written before issue 16 have none). */
  sdkClientsRuntime?: BundleFigures;
  /** Every entry point twice: with the SDK bundled, then with the runtime's SDK. */
  handlers: BundleFigures[];
}

/** What one bundle is: its name in the report, its entry file and what the bench bundles with it. */
interface BundleSpec {
  bundle: string;
  entry: string;
  functions: string[];
  sdk: SdkSource;
  /** False for the floors measured without the secret shim. */
  shim: boolean;
}

type Built = Omit<BundleFigures, "importMs" | "processMs"> & { outfile: string };

/** Bundles `spec` into `dir` as sst would, with its metafile's figures. */
async function buildBundle(spec: BundleSpec, dir: string): Promise<Built> {
  const outfile = join(dir, `${spec.bundle}-${spec.sdk}.mjs`);
  const options = sstOptions(spec.entry, outfile, spec.sdk);
  if (!spec.shim) options.plugins = [];
  const result = (await esbuild.build(options)) as BuildResult & { metafile: Metafile };
  const key = Object.keys(result.metafile.outputs).find((o) => o.endsWith(".mjs"))!;
  return {
    bundle: spec.bundle,
    sdk: spec.sdk,
    entry: spec.entry.startsWith(dir)
      ? `(${basename(spec.entry)}, generated)`
      : spec.entry.slice(ROOT.length + 1),
    functions: spec.functions,
    bytes: result.metafile.outputs[key]!.bytes,
    largest: largestSources(result.metafile, key).slice(0, 6),
    outfile,
  };
}

/** Cold imports of every bundle, `runs` rounds of one each (a burst of load slows one run of each, not every run of one). */
async function timeImports(built: Built[], runs: number, onProgress: (what: string) => void) {
  const samples = built.map(() => ({ importMs: [] as number[], processMs: [] as number[] }));
  for (let run = 0; run < runs; run++) {
    onProgress(`cold imports, round ${run + 1} of ${runs}`);
    for (const [i, b] of built.entries()) {
      const { importMs, processMs } = await coldImport(b.outfile);
      samples[i]!.importMs.push(importMs);
      samples[i]!.processMs.push(processMs);
    }
  }
  return built.map(
    ({ outfile: _, ...b }, i): BundleFigures => ({
      ...b,
      importMs: spread(samples[i]!.importMs),
      processMs: spread(samples[i]!.processMs),
    }),
  );
}

export async function bundleFigures(runs: number, onProgress: (what: string) => void): Promise<BundleReport> {
  // Inside node_modules/.cache so that the synthetic handlers resolve the SDK like ours do.
  const cache = join(ROOT, "node_modules/.cache");
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, "handoff-bench-bundles-"));
  try {
    const empty = join(dir, "empty.ts");
    await writeFile(empty, "export async function handler() {\n  return {};\n}\n");
    const clients = join(dir, "sdk-clients.ts");
    await writeFile(clients, SDK_CLIENTS);
    const floor = { functions: [], sdk: "bundled" as const, shim: false };
    const specs: BundleSpec[] = [
      { ...floor, bundle: "empty-no-shim", entry: empty },
      { ...floor, bundle: "empty", entry: empty, sdk: SDK_SOURCE, shim: true },
      { ...floor, bundle: "sdk-clients-no-shim", entry: clients },
      { ...floor, bundle: "sdk-clients-no-shim", entry: clients, sdk: "runtime" },
    ];
    const entries = await handlerEntries();
    for (const sdk of ["bundled", "runtime"] as const)
      for (const h of entries) specs.push({ ...h, entry: join(ROOT, h.entry), sdk, shim: true });
    const built: Built[] = [];
    for (const spec of specs) {
      onProgress(`bundle ${spec.bundle} (SDK ${spec.sdk})`);
      built.push(await buildBundle(spec, dir));
    }
    const [bare, baseline, sdkClients, sdkClientsRuntime, ...handlers] = (await timeImports(
      built,
      runs,
      onProgress,
    )) as [BundleFigures, BundleFigures, BundleFigures, BundleFigures, ...BundleFigures[]];
    return { esbuildVersion: esbuild.version, baseline, bare, sdkClients, sdkClientsRuntime, handlers };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
