/**
 * The build side of catalog.json (src/core/catalog.ts reads it): the workspace loaded, checked and
 * compiled, each machine's version taken from its ASL text, every template's MJML compiled to HTML.
 * The stacks write its text into every function's bundle (stacks/catalog-bundle.ts); the local
 * runtime and the tests pass the same text through the same loader the Lambdas use.
 */
import { createHash } from "node:crypto";
import { CATALOG_FORMAT, type CatalogFile, type LoadedCatalog, loadCatalog } from "../core/catalog";
import { aslText } from "./asl-text";
import type { LoadOptions } from "./load";
import { type CompiledWorkflow, compileWorkspace } from "./pipeline";
import { compileTemplates, type TemplateCompileOptions } from "./render-templates";

/** A compiled workspace: catalog.json's content and the machines (what the stacks deploy and the local runtime runs). */
export interface CompiledCatalog {
  file: CatalogFile;
  machines: CompiledWorkflow[];
}

/** The catalog the engine runs on, loaded through the loader, with the machines it was compiled with. */
export interface WorkspaceCatalog extends LoadedCatalog {
  machines: CompiledWorkflow[];
}

/**
 * Version of a compiled machine: the first 12 hex digits of the SHA-256 of its ASL text. The stacks
 * name the deployed version with it (stacks/config.ts) and the handlers read it from catalog.json:
 * one function, so the two agree.
 */
export function machineVersion(machine: CompiledWorkflow): string {
  return createHash("sha256").update(aslText(machine.definition)).digest("hex").slice(0, 12);
}

/** Loads, checks and compiles a workspace into catalog.json's content; throws on any error. */
export async function compileCatalog(
  options: LoadOptions & TemplateCompileOptions = {},
): Promise<CompiledCatalog> {
  const compilation = compileWorkspace({ ...options, scope: "deployment" });
  const settings = compilation.workspace.settings[0]?.value;
  const scoring = compilation.workspace.scoring[0]?.value;
  if (!compilation.ok || !settings || !scoring) {
    const errors = compilation.violations.filter((v) => v.severity === "error");
    throw new Error(
      `the workflows have ${errors.length} error(s); run handoff validate: ${errors
        .slice(0, 3)
        .map((v) => `${v.file}${v.path}: ${v.message}`)
        .join("; ")}`,
    );
  }
  const templates = await compileTemplates(compilation.workspace.templates, options);
  const file: CatalogFile = {
    format: CATALOG_FORMAT,
    settings,
    scoring,
    workflows: compilation.machines.map((machine) => ({
      file: machine.file,
      version: machineVersion(machine),
      workflow: machine.workflow,
    })),
    templates: [...templates.values()],
  };
  return { file, machines: compilation.machines };
}

/** catalog.json's text: what the stacks bundle and the loader reads. */
export function catalogText(file: CatalogFile): string {
  return `${JSON.stringify(file)}\n`;
}

/** compileCatalog, then its text through the loader the Lambdas use: what the local runtime and the tests run on. */
export async function catalogFromWorkspace(
  options: LoadOptions & TemplateCompileOptions = {},
): Promise<WorkspaceCatalog> {
  const { file, machines } = await compileCatalog(options);
  return { ...loadCatalog(catalogText(file), "the compiled catalog"), machines };
}
