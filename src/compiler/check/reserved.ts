import { isBuiltInFile, RESERVED_TEMPLATE_IDS, RESERVED_WORKFLOW_IDS } from "../smoke-workflows";
import { error, type Violation } from "../violation";
import type { Workspace } from "../workspace";
import type { Checked } from "./checked-files";

/** A marketer's workflow whose id only a built-in may use (it is left out of the other id checks). */
export function takesReservedId(parsed: { file: string; value: { id: string } }): boolean {
  return RESERVED_WORKFLOW_IDS.includes(parsed.value.id) && !isBuiltInFile(parsed.file);
}

/**
 * The ids Handoff's built-in smoke workflows and template use (src/compiler/smoke-workflows.ts):
 * every deployment has them, so a marketer's file may not take them.
 */
export function checkReservedIds(ws: Workspace, files: Checked): Violation[] {
  const found: Violation[] = [];
  for (const parsed of files.workflows)
    if (takesReservedId(parsed)) {
      const message = `'${parsed.value.id}' is the id of a workflow Handoff ships with every stage (handoff smoke): give this ${parsed.value.kind} another id and rename its file`;
      found.push(error(parsed.file, "/id", "reserved-id", message));
    }
  for (const template of ws.templates.values()) {
    if (!RESERVED_TEMPLATE_IDS.includes(template.id)) continue;
    for (const part of [template.html, template.text])
      if (part && !isBuiltInFile(part.file)) {
        const message = `'${template.id}' is the name of a template Handoff ships with every stage (handoff smoke): rename this file and the email steps that send it`;
        found.push(error(part.file, "", "reserved-id", message));
      }
  }
  return found;
}
