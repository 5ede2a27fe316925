/**
 * The esbuild plugin every function is bundled with (no CDK imports, so the bench bundles the
 * handlers exactly as the stacks do).
 */
import { realpathSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * stacks/runtime/secret-env.ts: copies the bound SST secrets into HANDOFF_* variables (a signed SSM
 * GetParameters call, no SDK: stacks/runtime/bound-secrets.ts). Resolved
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
 * top-level await (the SSM fetch) finishes before the handler module runs. esbuild loads a file by
 * its real path, so an entry reached through a symlink (node_modules linked in) is matched too.
 * (esbuild's `inject` would add the shim to every module, and CommonJS modules cannot depend on a
 * top-level await.)
 */
export function secretShimPlugin(entry: string): ShimPlugin {
  const asPattern = (path: string) => path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const filter = new RegExp(`^(?:${asPattern(entry)}|${asPattern(realpathSync(entry))})$`);
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
