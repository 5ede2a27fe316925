// Section 1: simulations of trial-nurture + sdr-follow-up at several sizes, each run in a fresh
// child process (bench/simulate-child.ts) so that its peak RSS is its own.
import { spawn } from "node:child_process";
import { totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { progress } from "../src/cli/progress";
import type { SimulationReport } from "../src/runtime/simulate/report-model";
import type { Backend, SimulationPlan } from "./args";
import { mapSpread, type Spread, spread } from "./stats";

/** What bench/simulate-child.ts prints. */
export interface ChildResult {
  contacts: number;
  backend: Backend;
  wallSeconds: number;
  runSeconds: number;
  startupSeconds: number;
  peakRssMb: number;
  emailsSent: number;
  handoffs: number;
  failedEnrollments: number;
  perContact: Record<string, number>;
  costPer1000Contacts: SimulationReport["aws"]["costPer1000Contacts"];
}

export interface SimulationFigures {
  backend: Backend;
  contacts: number;
  /** Wall seconds of simulate() (runtime start, 30 virtual days, figures, close), per run. */
  wallSeconds?: Spread;
  /** Of which the virtual-time loop: without starting the runtime (compiling, validating) and the figures. */
  runSeconds?: Spread;
  contactsPerSecond?: Spread;
  /** Milliseconds of wall time per contact: flat when cost grows linearly with size. */
  msPerContact?: Spread;
  peakRssMb?: Spread;
  /** Seconds to load the modules before simulate() starts (not in wallSeconds). */
  startupSeconds?: Spread;
  last?: ChildResult;
  /** Why a run failed (then the figures cover the runs that finished, if any). */
  error?: string;
}

const CHILD = fileURLToPath(new URL("./simulate-child.ts", import.meta.url));
/** V8's default old-space limit (4 GB here) would end 100,000 contacts mid-run: allow most of the RAM. */
export const HEAP_LIMIT_MB = Math.floor((totalmem() / 2 ** 20) * 0.8);

function runChild(backend: Backend, contacts: number, label: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_LIMIT_MB}`, "--import", "tsx", CHILD, String(contacts), backend],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const bar = progress(label, 100);
    let out = "";
    let tail: string[] = [];
    let buffered = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const progressLine = /^progress ([\d.]+)$/.exec(line);
        if (progressLine) bar.update(Math.floor(Number(progressLine[1]) * 100));
        else if (line.trim()) tail = [...tail, line].slice(-15);
      }
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const line = out.trim().split("\n").at(-1);
      if (code === 0 && line) {
        const result = JSON.parse(line) as ChildResult;
        bar.done(`${result.wallSeconds.toFixed(1)} s, peak RSS ${Math.round(result.peakRssMb)} MB`);
        resolve(result);
      } else {
        bar.done(`failed (${signal ?? `exit ${code}`})`);
        const why = tail.find((last) => /heap out of memory|Error/.test(last)) ?? tail.at(-1) ?? "no output";
        reject(new Error(`${signal ?? `exit code ${code}`}: ${why.trim()}`));
      }
    });
  });
}

export async function runSimulations(plans: SimulationPlan[]): Promise<SimulationFigures[]> {
  const figures: SimulationFigures[] = [];
  for (const plan of plans) {
    const results: ChildResult[] = [];
    let error: string | undefined;
    for (let i = 0; i < plan.runs && !error; i++) {
      const label = `simulate ${plan.contacts.toLocaleString("en-US")} on ${plan.backend} (run ${i + 1}/${plan.runs})`;
      try {
        results.push(await runChild(plan.backend, plan.contacts, label));
      } catch (failure) {
        error = (failure as Error).message;
      }
    }
    figures.push(summarize(plan, results, error));
  }
  return figures;
}

/** The figures of the runs of one plan that finished; `error` is why a run failed, if one did. */
export function summarize(
  { backend, contacts }: Pick<SimulationPlan, "backend" | "contacts">,
  results: ChildResult[],
  error?: string,
): SimulationFigures {
  if (results.length === 0) return { backend, contacts, ...(error ? { error } : {}) };
  const wall = spread(results.map((result) => result.wallSeconds));
  return {
    backend,
    contacts,
    wallSeconds: wall,
    runSeconds: spread(results.map((result) => result.runSeconds)),
    contactsPerSecond: mapSpread(wall, (seconds) => contacts / seconds),
    msPerContact: mapSpread(wall, (seconds) => (seconds * 1000) / contacts),
    peakRssMb: spread(results.map((result) => result.peakRssMb)),
    startupSeconds: spread(results.map((result) => result.startupSeconds)),
    last: results.at(-1)!,
    ...(error ? { error } : {}),
  };
}
