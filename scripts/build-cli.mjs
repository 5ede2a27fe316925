// `npm run build` (and `prepare`, so `npm ci` builds it): bundles the `handoff` command into dist/cli/
// with esbuild, one chunk per lazily imported command (src/cli/main.ts), packages left to node_modules.
// src/cli/bin.js runs dist/cli/main.js when dist/cli/.stamp is not older than any file under src/.
import { copyFileSync, existsSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const final = join(root, "dist/cli");
// Built beside, then swapped in: a command running meanwhile finds the old build or none (then tsx).
const out = `${final}.${process.pid}`;
// The stamp carries the time the build started: a source saved during the build counts as newer.
const started = new Date();

/**
 * Packages inlined into the chunks: small pure-JS ones the quick commands (validate, --help) load,
 * where one parsed chunk beats a hundred module files (zod's locales are tree-shaken away). Every
 * other package stays in node_modules (the AWS SDK, MJML, the local servers, the reference executor).
 */
const BUNDLED = new Set(["zod", "liquidjs", "jsonc-parser", "commander"]);

/** Leaves every bare import external except the packages named. */
function bundleOnly(names) {
  return {
    name: "bundle-only",
    setup(plugin) {
      plugin.onResolve({ filter: /^[^./]/ }, (args) => {
        const name = args.path.startsWith("@")
          ? args.path.split("/").slice(0, 2).join("/")
          : args.path.split("/")[0];
        return names.has(name) ? undefined : { path: args.path, external: true };
      });
    },
  };
}

rmSync(out, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: "src/cli/main.ts" },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [bundleOnly(BUNDLED)],
  // jsonc-parser's "main" is a UMD build esbuild cannot follow; its "module" build is plain ESM.
  mainFields: ["module", "main"],
  // The inlined CommonJS packages require node's modules: give each chunk a require.
  banner: {
    js: 'import { createRequire as __handoffRequire } from "node:module"; const require = __handoffRequire(import.meta.url);',
  },
  sourcemap: true,
  logLevel: "warning",
});
// The local servers' worker is loaded by URL beside the chunk that starts it
// (src/runtime/local-servers/servers-thread.ts), so it sits beside the chunks.
copyFileSync(join(root, "src/runtime/local-servers/servers-worker.mjs"), join(out, "servers-worker.mjs"));
const stamp = join(out, ".stamp");
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
const old = `${final}.old.${process.pid}`;
if (existsSync(final)) renameSync(final, old);
renameSync(out, final);
rmSync(old, { recursive: true, force: true });
