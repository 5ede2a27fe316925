import { marketerWorkflows } from "../../core/smoke";
import type { HttpDeps, HttpResponse } from "./types";
import { json } from "./types";

/** GET /workflows: what the dashboard's pickers list (the deployed catalog and settings' owners). */
export interface WorkflowList {
  workflows: Array<{ id: string; name: string; kind: "campaign" | "sequence" }>;
  /** The sales reps of settings.json, whose inboxes GET /tasks?owner= lists. */
  owners: Array<{ id: string; name: string }>;
}

/**
 * The deployed workflows in catalog order, but the built-in smoke workflows (no marketer picks
 * them), and the owners; ids and names only (no addresses).
 */
export async function getWorkflowList(deps: HttpDeps): Promise<HttpResponse> {
  const { catalog } = deps.engine;
  const list: WorkflowList = {
    workflows: marketerWorkflows(catalog.workflows.values()).map(({ id, name, kind }) => ({
      id,
      name,
      kind,
    })),
    owners: catalog.settings.owners.map(({ id, name }) => ({ id, name })),
  };
  return json(200, list);
}
