import { AsanaTaskTracker } from "../../src/adapters/aws/asana-tracker";
import type { EngineDeps } from "../../src/core/engine/deps";
import type { AsanaServer } from "./asana-server";
import { slaEngine } from "./sla-engine";

export const ASANA_TOKEN = "asana-test-token-0123456789";
export const ASANA_PROJECT = "1209000000000001";
export const ASANA_ASSIGNEES = { "rep-ana": "ana@acme.example", "rep-raj": "raj@acme.example" };

/** The engine of tests/helpers/sla-engine.ts with Asana at the local server (tests/helpers/asana-server.ts). */
export function engineWithAsana(server: AsanaServer, token = ASANA_TOKEN) {
  const t = slaEngine();
  const taskTracker = new AsanaTaskTracker({
    token,
    project: ASANA_PROJECT,
    assignees: ASANA_ASSIGNEES,
    apiUrl: server.apiUrl,
  });
  const deps: EngineDeps = { ...t.deps, taskTracker };
  return { ...t, deps };
}
