/**
 * What a Lambda entry imports at run time, as esbuild bundles it: type-only imports are gone, so
 * unlike tests/helpers/source-tree.ts this is what ends up in the bundle. Packages stay external
 * (the bundle is not written), which keeps it fast: each of our files with the packages it imports.
 */
import { buildSync } from "esbuild";
import { REPO } from "./source-tree";

/** A package import of one of our files in `entry`'s bundle: `{ file: "src/core/catalog.ts", specifier: "zod/mini" }`. */
export interface PackageImport {
  file: string;
  specifier: string;
}

export function runtimePackageImports(entry: string): PackageImport[] {
  const result = buildSync({
    entryPoints: [entry],
    absWorkingDir: REPO,
    bundle: true,
    write: false,
    metafile: true,
    packages: "external",
    platform: "node",
    format: "esm",
    outdir: "out",
    logLevel: "silent",
  });
  return Object.entries(result.metafile.inputs).flatMap(([file, input]) =>
    input.imports
      .filter((i) => i.external && !i.path.startsWith("node:"))
      .map((i) => ({ file, specifier: i.path })),
  );
}
