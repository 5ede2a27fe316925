// Every minute (an SST Cron, stacks/Workflows.ts): starts the executions scheduled for their first
// email's send window, each at its second, and those of minutes a failed sweep missed
// (src/core/engine/scheduled-starts.ts).
import { startDue } from "../src/core/engine/scheduled-starts";
import { wire } from "./wiring";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handler() {
  return startDue(wire(), { sleep });
}
