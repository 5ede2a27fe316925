/**
 * catalog.json in every function's bundle: the workspace compiled once per build (the compiler's
 * compileCatalog, as the CLI and the local runtime compile it), its text written next to the handler
 * after SST bundled it. The bundle's hash covers the file, so a changed template or workflow
 * redeploys the functions. functions/environment.ts reads it at cold start (HANDOFF_CATALOG).
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FunctionHooks } from "sst/constructs";
import { catalogText, compileCatalog } from "../src/compiler/catalog";

/** The file's name inside the bundle, at the Lambda task root. */
export const CATALOG_FILE = "catalog.json";

let built: Promise<string> | undefined;

/** catalog.json's text for the project at `root` (default the current directory), compiled once per process. */
export function bundledCatalogText(root = process.cwd()): Promise<string> {
  built ??= compileCatalog({ cwd: root, workflowsDir: "workflows", templatesDir: "templates" }).then(
    ({ file }) => catalogText(file),
  );
  return built;
}

/** SST function hooks that write catalog.json into the bundle's root (`out`), after esbuild. */
export const catalogBundleHooks: FunctionHooks = {
  afterBuild: async (_props, out) => {
    await writeFile(join(out, CATALOG_FILE), await bundledCatalogText());
  },
};
