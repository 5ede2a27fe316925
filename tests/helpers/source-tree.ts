/**
 * The repository's own TypeScript sources as a graph: each file's relative imports resolved to
 * files, and its package imports. Read as text (import and export-from specifiers, dynamic
 * `import()`), so it sees type-only imports too.
 */

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

export const REPO = resolve(import.meta.dirname, "../..");

export interface SourceFile {
  /** Path from the repository root, with forward slashes. */
  path: string;
  text: string;
  /** Files this one imports, paths from the repository root. */
  files: string[];
  /** Packages this one imports (`@aws-sdk/client-sesv2`, `mjml`, `node:fs` is left out). */
  packages: string[];
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;
const EXTENSIONS = ["", ".ts", ".mjs", ".js", "/index.ts"];

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = resolve(REPO, dirname(from), specifier);
  for (const extension of EXTENSIONS) {
    const candidate = base + extension;
    if (existsSync(candidate) && statSync(candidate).isFile()) return relative(REPO, candidate);
  }
  return undefined;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Every tracked source file under `folders` (repository-relative). */
export function sourceFiles(folders: readonly string[]): SourceFile[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", ...folders], {
    cwd: REPO,
    encoding: "utf8",
  });
  return listed
    .split("\n")
    .filter((path) => /\.(ts|mjs)$/.test(path) && existsSync(join(REPO, path)))
    .map((path) => {
      const text = readFileSync(join(REPO, path), "utf8");
      const files: string[] = [];
      const packages: string[] = [];
      for (const match of text.matchAll(SPECIFIER)) {
        const specifier = match[1]!;
        if (specifier.startsWith(".")) {
          const target = resolveRelative(path, specifier);
          if (target) files.push(target);
        } else if (!specifier.startsWith("node:")) packages.push(packageName(specifier));
      }
      return { path, text, files, packages };
    });
}

/** The files `entry` reaches through its imports, itself included. */
export function importClosure(entry: string, byPath: Map<string, SourceFile>): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (seen.has(path)) continue;
    seen.add(path);
    for (const next of byPath.get(path)?.files ?? []) pending.push(next);
  }
  return seen;
}
