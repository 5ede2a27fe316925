import { createHash } from "node:crypto";
import type { Catalog } from "../core/engine/deps";
import type { Campaign, Sequence } from "../core/language";
import { aslText } from "./asl-text";
import type { LoadOptions } from "./load";
import { type CompiledWorkflow, compileWorkspace } from "./pipeline";
import type { TemplateFiles } from "./workspace";

export interface LoadedCatalog {
  catalog: Catalog;
  templates: Map<string, TemplateFiles>;
  machines: CompiledWorkflow[];
}

/** Version of a compiled machine: the first 12 hex digits of the SHA-256 of its ASL text. */
export function machineVersion(machine: CompiledWorkflow): string {
  return createHash("sha256").update(aslText(machine.definition)).digest("hex").slice(0, 12);
}

/** Loads, checks and compiles a workspace into what the handlers run on; throws on any error. */
export function catalogFromWorkspace(options: LoadOptions): LoadedCatalog {
  const compilation = compileWorkspace(options);
  if (!compilation.ok) {
    const errors = compilation.violations.filter((v) => v.severity === "error");
    throw new Error(
      `the workflows have ${errors.length} error(s); run handoff validate: ${errors
        .slice(0, 3)
        .map((v) => `${v.file}${v.path}: ${v.message}`)
        .join("; ")}`,
    );
  }
  const workflows = new Map<string, Campaign | Sequence>(
    compilation.machines.map((m) => [m.workflow.id, m.workflow]),
  );
  const versions = new Map(compilation.machines.map((m) => [m.workflow.id, machineVersion(m)]));
  const catalog: Catalog = {
    settings: compilation.workspace.settings[0]!.value,
    scoring: compilation.workspace.scoring[0]!.value,
    workflows,
    version: (id) => versions.get(id) ?? "unknown",
  };
  return { catalog, templates: compilation.workspace.templates, machines: compilation.machines };
}
