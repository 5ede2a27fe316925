/**
 * Handoff's built-in workflows and template (the smoke test's, src/compiler/built-in/): added to
 * every deployment (compileWorkspace with `scope: "deployment"`, so to catalog.json, the stacks'
 * machines and the local runtime), never to the marketer's folder: `handoff validate` reports only
 * the marketer's files, and a marketer's file with a reserved id is an error (check/reserved.ts).
 */
import { SMOKE_TEMPLATE, SMOKE_WORKFLOWS } from "../core/smoke";
import { SMOKE_TEMPLATE_MJML, SMOKE_TEMPLATE_TEXT } from "./built-in/smoke-template";
import { SMOKE_CAMPAIGN_JSON, SMOKE_SEQUENCE_JSON } from "./built-in/smoke-workflows";
import { type ParsedFile, parseFile } from "./parse/parse-file";
import type { Workspace } from "./workspace";

/** The folder built-in files are named in (violations, catalog.json): no marketer's file is there. */
export const BUILT_IN_DIR = "(built-in)";

/** Workflow and template ids only the built-ins may use. */
export const RESERVED_WORKFLOW_IDS: readonly string[] = SMOKE_WORKFLOWS;
export const RESERVED_TEMPLATE_IDS: readonly string[] = [SMOKE_TEMPLATE];

export function isBuiltInFile(file: string): boolean {
  return file.startsWith(`${BUILT_IN_DIR}/`);
}

const BUILT_IN_WORKFLOWS = [SMOKE_CAMPAIGN_JSON, SMOKE_SEQUENCE_JSON];

/** The built-in workflows, parsed as any workflow file is (a parse failure is a bug here: it throws). */
export function builtInWorkflows(): ParsedFile<Workspace["workflows"][number]["value"]>[] {
  return BUILT_IN_WORKFLOWS.map((json) => {
    const file = `${BUILT_IN_DIR}/${json.id}.json`;
    const { parsed, violations } = parseFile(file, new TextEncoder().encode(JSON.stringify(json)));
    if (!parsed || violations.length > 0)
      throw new Error(`${file} does not parse: ${violations.map((v) => v.message).join("; ")}`);
    return parsed as ParsedFile<Workspace["workflows"][number]["value"]>;
  });
}

/**
 * The workspace with the built-ins after the marketer's files. A marketer's template with a reserved
 * id stays in place, so the check names its file (the reserved-id error keeps it from compiling).
 */
export function withBuiltIns(workspace: Workspace): Workspace {
  const templates = new Map(workspace.templates);
  if (!templates.has(SMOKE_TEMPLATE))
    templates.set(SMOKE_TEMPLATE, {
      id: SMOKE_TEMPLATE,
      html: {
        file: `${BUILT_IN_DIR}/templates/${SMOKE_TEMPLATE}.mjml`,
        format: "mjml",
        text: SMOKE_TEMPLATE_MJML,
      },
      text: { file: `${BUILT_IN_DIR}/templates/${SMOKE_TEMPLATE}.txt`, text: SMOKE_TEMPLATE_TEXT },
    });
  return { ...workspace, workflows: [...workspace.workflows, ...builtInWorkflows()], templates };
}
