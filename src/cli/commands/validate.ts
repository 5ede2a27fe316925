import { existsSync, statSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Command } from "commander";
import { checkWorkspace } from "../../compiler/check";
import { loadWorkspace } from "../../compiler/load";
import { error, type Violation } from "../../compiler/violation";
import { formatViolations, violationsJson } from "../output";
import { type FolderOptions, folders } from "./folders";

/**
 * Folders are checked as whole workflows folders; single files are checked in the context of the
 * --workflows folder (their settings, scoring and neighbours), and only their findings are shown.
 */
export function validatePaths(paths: string[], options: FolderOptions): Violation[] {
  const { workflowsDir, templatesDir } = folders(options);
  const rel = (p: string) => relative(process.cwd(), resolve(p));
  const missing = paths.filter((p) => !existsSync(p));
  const dirs = paths.filter((p) => existsSync(p) && statSync(p).isDirectory());
  const files = paths.filter((p) => existsSync(p) && !statSync(p).isDirectory()).map(rel);
  const out: Violation[] = missing.map((p) => error(rel(p), "", "invalid-value", "no such file or folder"));
  for (const dir of paths.length ? dirs : [workflowsDir])
    out.push(...checkWorkspace(loadWorkspace({ workflowsDir: dir, templatesDir })));
  if (files.length) {
    const templates = rel(templatesDir);
    const found = checkWorkspace(loadWorkspace({ workflowsDir, templatesDir, paths: files }));
    out.push(...found.filter((v) => files.includes(v.file) || v.file.startsWith(`${templates}/`)));
  }
  const seen = new Set<string>();
  return out.filter((v) => {
    const key = JSON.stringify([v.file, v.path, v.code, v.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `handoff validate [paths...]`: the findings, as text or --json; exit 1 on an error. */
export function validate(paths: string[], options: { json?: boolean }, command: Command): void {
  const violations = validatePaths(paths, command.optsWithGlobals<FolderOptions>());
  process.stdout.write(`${options.json ? violationsJson(violations) : formatViolations(violations)}\n`);
  process.exitCode = violations.some((v) => v.severity === "error") ? 1 : 0;
}
