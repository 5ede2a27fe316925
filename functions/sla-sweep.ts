// Every minute (an SST Cron, stacks/Workflows.ts): leads not accepted within settings.sla.acceptWithin
// are reassigned once, and the managers told once (src/core/engine/sla-sweep.ts); rep tasks whose
// creation in Asana failed are created there (src/core/engine/tracked-tasks.ts).
import { sweepSlaMisses } from "../src/core/engine/sla-sweep";
import { retryPendingTrackedTasks } from "../src/core/engine/tracked-tasks";
import { wire } from "./wiring";

export async function handler() {
  const { reassigned } = await sweepSlaMisses(wire());
  const tracked = await retryPendingTrackedTasks(wire());
  return { reassigned: reassigned.length, tracked: tracked.length };
}
