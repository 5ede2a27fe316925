import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative, resolve } from "node:path";
import type { Campaign, Scenario, Scoring, Sequence, Settings } from "../core/language";
import type { TemplateFiles } from "../core/render/template-files";
import { type ParsedFile, parseFile } from "./parse/parse-file";
import { error } from "./violation";
import type { Workspace } from "./workspace";

export interface LoadOptions {
  /** Folder of the workflow files; default "workflows". */
  workflowsDir?: string;
  /** Folder of the templates; default "templates". */
  templatesDir?: string;
  /** More files or folders to read besides the workflows folder. */
  paths?: string[];
  /** Folder that file names in violations are relative to; default the current directory. */
  cwd?: string;
}

/**
 * JSON files of a workflows folder: its *.json (but the generated schema.json) and those of its
 * subfolders (tests/**\/*.json), where a schema.json is a file like any other (`nested`).
 */
function jsonFiles(dir: string, { nested }: { nested: boolean } = { nested: false }): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const full = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith(".") && entry.name !== "node_modules")
      out.push(...jsonFiles(full, { nested: true }));
    else if (entry.isFile() && extname(entry.name) === ".json" && (nested || entry.name !== "schema.json"))
      out.push(full);
  }
  return out;
}

function loadTemplates(dir: string, cwd: string): Map<string, TemplateFiles> {
  const templates = new Map<string, TemplateFiles>();
  if (!existsSync(dir)) return templates;
  for (const name of readdirSync(dir).sort()) {
    const ext = extname(name).slice(1);
    if (!["mjml", "html", "txt"].includes(ext)) continue;
    const id = basename(name, `.${ext}`);
    const file = relative(cwd, join(dir, name));
    const text = readFileSync(join(dir, name), "utf8");
    const entry = templates.get(id) ?? { id };
    if (ext === "txt") entry.text = { file, text };
    else if (!entry.html || ext === "mjml") entry.html = { file, format: ext as "mjml" | "html", text };
    templates.set(id, entry);
  }
  return templates;
}

/** Reads and parses a workflows folder (and any extra paths) and a templates folder. */
export function loadWorkspace(options: LoadOptions = {}): Workspace {
  const cwd = resolve(options.cwd ?? process.cwd());
  const workflowsDir = resolve(cwd, options.workflowsDir ?? "workflows");
  const templatesDir = resolve(cwd, options.templatesDir ?? "templates");
  const files = new Set(jsonFiles(workflowsDir));
  const workspace: Workspace = {
    cwd,
    workflowsDir,
    templatesDir,
    settings: [],
    scoring: [],
    workflows: [],
    scenarios: [],
    templates: loadTemplates(templatesDir, cwd),
    repaired: [],
    violations: [],
    broken: [],
  };
  for (const path of options.paths ?? []) {
    const full = resolve(cwd, path);
    if (!existsSync(full))
      workspace.violations.push(error(relative(cwd, full), "", "invalid-value", "no such file or folder"));
    else if (statSync(full).isDirectory()) for (const f of jsonFiles(full)) files.add(f);
    else files.add(full);
  }
  for (const full of files) {
    const file = relative(cwd, full);
    const { parsed, violations, claims, repaired } = parseFile(file, readFileSync(full));
    workspace.violations.push(...violations);
    if (repaired) workspace.repaired.push(repaired);
    if (!parsed) {
      if (claims) workspace.broken.push({ file, ...claims });
      continue;
    }
    switch (parsed.value.kind) {
      case "settings":
        workspace.settings.push(parsed as ParsedFile<Settings>);
        break;
      case "scoring":
        workspace.scoring.push(parsed as ParsedFile<Scoring>);
        break;
      case "scenario":
        workspace.scenarios.push(parsed as ParsedFile<Scenario>);
        break;
      default:
        workspace.workflows.push(parsed as ParsedFile<Campaign | Sequence>);
    }
  }
  // The file named settings.json (scoring.json) is the one in force; any other is the duplicate.
  const canonical = (name: string) => (a: { file: string }, b: { file: string }) =>
    Number(basename(b.file) === name) - Number(basename(a.file) === name);
  workspace.settings.sort(canonical("settings.json"));
  workspace.scoring.sort(canonical("scoring.json"));
  return workspace;
}
