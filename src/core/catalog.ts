/**
 * catalog.json: everything the handlers know of the deployed workspace, as one file built at build
 * time (src/compiler/catalog.ts `compileCatalog`, bundled with every function by
 * stacks/catalog-bundle.ts) and read here at cold start: the settings, the scoring, each campaign
 * and sequence with its machine's version, and every template with its HTML already HTML.
 *
 * The loader is the one way in: the Lambdas read the bundled file, the local runtime, the CLI and
 * the tests compile the workspace and pass the same text through it. The compiler wrote the file
 * from a workspace the language's schemas had validated (and their output, defaults filled in), so
 * the loader does not validate it again with them: that would put classic zod in every handler.
 * It checks the file's integrity instead, cheaply, so that a damaged or foreign file fails at cold
 * start, naming the place in it and what is wrong, instead of at some later email: the layout, each
 * workflow's id, kind and steps, each machine version, each template, and no id twice.
 */
import { InvalidCatalogError } from "./errors";
import type { Campaign, Scoring, Sequence, Settings } from "./language";
import * as z from "./language/zod-mini";
import { RenderTemplate } from "./render/template-files";

/** The version of catalog.json's layout: a loader reads only its own. */
export const CATALOG_FORMAT = 1;

/** A campaign or sequence as deployed: its file, its machine's version and the parsed workflow. */
export interface CatalogWorkflow {
  file: string;
  /** The first 12 hex digits of the SHA-256 of the machine's ASL text (src/compiler/catalog.ts). */
  version: string;
  workflow: Campaign | Sequence;
}

export interface CatalogFile {
  format: typeof CATALOG_FORMAT;
  settings: Settings;
  scoring: Scoring;
  workflows: CatalogWorkflow[];
  templates: RenderTemplate[];
}

/** What the loader checks of a workflow: what the handlers look it up by and walk (at least one step). */
const WorkflowOutline = z.looseObject({
  id: z.string().check(z.minLength(1)),
  kind: z.enum(["campaign", "sequence"]),
  steps: z
    .array(z.looseObject({ id: z.string().check(z.minLength(1)), type: z.string() }))
    .check(z.minLength(1)),
});

/** catalog.json's layout: strict at the top and for each entry, an outline of what the language validated. */
const CatalogLayout = z.strictObject({
  format: z.literal(CATALOG_FORMAT),
  settings: z.looseObject({ organization: z.string() }),
  scoring: z.looseObject({ rules: z.array(z.unknown()) }),
  workflows: z.array(
    z.strictObject({
      file: z.string().check(z.minLength(1)),
      version: z.string().check(z.regex(/^[0-9a-f]{12}$/, "a machine version is 12 lowercase hex digits")),
      workflow: WorkflowOutline,
    }),
  ),
  templates: z.array(RenderTemplate),
});

/** The deployed workflows, as the handlers know them: parsed files plus each machine's version. */
export interface Catalog {
  settings: Settings;
  scoring: Scoring;
  workflows: ReadonlyMap<string, Campaign | Sequence>;
  /** Version of a workflow's compiled machine (a hash of its ASL). */
  version(workflowId: string): string;
}

/** What a catalog.json gives the engine: the catalog and the renderer's templates. */
export interface LoadedCatalog {
  catalog: Catalog;
  /** Template id → the template, its HTML part already HTML. */
  templates: ReadonlyMap<string, RenderTemplate>;
}

/** The first id that occurs twice in `ids`, if any. */
function duplicate(ids: string[]): string | undefined {
  return ids.find((id, i) => ids.indexOf(id) !== i);
}

/** Parses a catalog and checks its integrity; throws InvalidCatalogError naming `source`, the place and what is wrong. */
export function parseCatalogFile(text: string, source: string): CatalogFile {
  const fail = (what: string) =>
    new InvalidCatalogError(
      `${source} ${what}; build and deploy again (npx sst deploy writes it: docs/architecture.md)`,
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`is not JSON (${(error as Error).message})`);
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== CATALOG_FORMAT)
    throw fail(`has format ${JSON.stringify(format)}, and this code reads format ${CATALOG_FORMAT}`);
  const parsed = CatalogLayout.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join(".") || "(the file)"}: ${issue.message}`);
    throw fail(
      `is not a catalog: ${listed.join("; ")}${issues.length > 3 ? ` (and ${issues.length - 3} more)` : ""}`,
    );
  }
  // The language validated the rest at build time (see the top of this file).
  const file = parsed.data as unknown as CatalogFile;
  const twiceWorkflow = duplicate(file.workflows.map((w) => w.workflow.id));
  if (twiceWorkflow) throw fail(`lists the workflow "${twiceWorkflow}" twice`);
  const twiceTemplate = duplicate(file.templates.map((t) => t.id));
  if (twiceTemplate) throw fail(`lists the template "${twiceTemplate}" twice`);
  return file;
}

/** The catalog and templates of a catalog.json's text (`source` names it in errors). */
export function loadCatalog(text: string, source = "catalog.json"): LoadedCatalog {
  const file = parseCatalogFile(text, source);
  const versions = new Map(file.workflows.map((w) => [w.workflow.id, w.version]));
  return {
    catalog: {
      settings: file.settings,
      scoring: file.scoring,
      workflows: new Map(file.workflows.map((w) => [w.workflow.id, w.workflow])),
      version: (id) => versions.get(id) ?? "unknown",
    },
    templates: new Map(file.templates.map((t) => [t.id, t])),
  };
}
