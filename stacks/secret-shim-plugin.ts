/**
 * The esbuild plugin every function is bundled with (no CDK imports, so the bench bundles the
 * handlers exactly as the stacks do).
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * stacks/runtime/secret-env.ts: copies the bound SST secrets into HANDOFF_* variables. Resolved
 * from the project root (where sst and npm scripts run): sst compiles the stacks elsewhere, so the
 * module's own URL does not point into stacks/.
 */
export const SECRET_SHIM = resolve("stacks/runtime/secret-env.ts");

/** The part of esbuild's plugin API the shim uses (structural: sst's and the bench's esbuild both fit). */
export interface ShimPlugin {
  name: string;
  setup(build: {
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => Promise<{ contents: string; loader: "ts"; resolveDir: string }>,
    ): void;
  }): void;
}

/**
 * Makes the handler's file (`entry`, an absolute path) import the secret shim first, so its
 * top-level await (the SSM fetch of sst/node/config) finishes before the handler module runs.
 * (esbuild's `inject` would add the shim to every module, and CommonJS modules cannot depend on a
 * top-level await.)
 */
export function secretShimPlugin(entry: string): ShimPlugin {
  const filter = new RegExp(`^${entry.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  return {
    name: "handoff-secret-env",
    setup(build) {
      build.onLoad({ filter }, async (args) => ({
        contents: `import ${JSON.stringify(SECRET_SHIM)};\n${await readFile(args.path, "utf8")}`,
        loader: "ts",
        resolveDir: dirname(args.path),
      }));
    },
  };
}
