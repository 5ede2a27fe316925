// One simulation in a process of its own (bench/simulations.ts spawns it), so that its peak RSS is
// its own: `node --import tsx bench/simulate-child.ts <contacts> <memory|servers> [seed] [days]`.
// Progress goes to stderr as "progress <fraction>" lines; the result is one JSON line on stdout.
import { performance } from "node:perf_hooks";
import { simulate } from "../src/runtime/simulate/simulator";

const [contactsArg, backendArg, seedArg = "1", daysArg = "30"] = process.argv.slice(2);
const contacts = Number(contactsArg);
const backend = backendArg === "servers" ? "servers" : "memory";
const loadedMs = performance.now();

let reported = -1;
const started = performance.now();
const report = await simulate({
  contacts,
  seed: Number(seedArg),
  days: Number(daysArg),
  backend,
  onProgress: (fraction) => {
    const percent = Math.floor(fraction * 100);
    if (percent === reported) return;
    reported = percent;
    process.stderr.write(`progress ${fraction.toFixed(3)}\n`);
  },
});
const wallSeconds = (performance.now() - started) / 1000;
const c = report.aws.costPer1000Contacts;
const result = {
  contacts,
  backend,
  wallSeconds,
  /** Of which the virtual-time loop (what `handoff simulate` reports as the run's wall time). */
  runSeconds: report.run.wallSeconds,
  /** Time to load the modules before simulate() started (tsx, the SDK, mjml, …). */
  startupSeconds: loadedMs / 1000,
  /** process.resourceUsage().maxRSS is in kilobytes; worker threads (the local servers) count too. */
  peakRssMb: process.resourceUsage().maxRSS / 1024,
  emailsSent: report.emailsSent,
  handoffs: report.handoffs,
  failedEnrollments: report.run.failedEnrollments,
  perContact: report.aws.perContact,
  costPer1000Contacts: c,
};
process.stdout.write(`${JSON.stringify(result)}\n`);
