// Every minute (an SST Cron, stacks/Workflows.ts): leads not accepted within settings.sla.acceptWithin
// are reassigned once, and the managers told once (src/core/engine/sla-sweep.ts).
import { sweepSlaMisses } from "../src/core/engine/sla-sweep";
import { wire } from "./wiring";

export async function handler() {
  const { reassigned } = await sweepSlaMisses(wire());
  return { reassigned: reassigned.length };
}
