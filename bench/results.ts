// Everything one bench run measured: what `--json` prints and bench/report.ts formats.

import { readFileSync } from "node:fs";
import { arch, cpus, loadavg, totalmem } from "node:os";
import { fileURLToPath } from "node:url";
import { PRICES } from "../src/runtime/prices";
import type { SimulationPlan } from "./args";
import type { BundleReport } from "./bundles";
import type { BurstFigures } from "./burst";
import type { CliBuild, CliFigures } from "./cli";
import type { WorkflowCost } from "./costs";
import type { ScenarioFigures } from "./scenarios";
import type { SimulationFigures } from "./simulations";
import type { StartFigures } from "./start";
import type { Spread } from "./stats";
import type { Target } from "./targets";
import type { TransitionFigures } from "./transitions";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  arch: string;
  /** 1-minute load averages: others' work on the machine slows the figures down. */
  loadAtStart: number;
  loadAtEnd: number;
}

export interface PartFigures {
  pipelineMs: Spread;
  renders: { msPer10k: Spread; perSecond: Spread; emails: number };
  ingest: { eventsPerSecond: Spread; events: number; concurrency: number; contacts: number };
  csv: { enrollmentsPerSecond: Spread; seconds: Spread; rows: number };
}

export interface BenchResults {
  startedAt: string;
  mode: string;
  totalSeconds: number;
  machine: Machine;
  prices: PriceSources;
  heapLimitMb: number;
  /** `npm run build` once before the cli, scenarios and start sections (when package.json has it). */
  cliBuild?: CliBuild;
  cli?: CliFigures;
  scenarios?: ScenarioFigures;
  start?: StartFigures;
  simulations?: SimulationFigures[];
  skipped: Array<SimulationPlan & { why: string }>;
  costs?: WorkflowCost[];
  bundles?: BundleReport;
  parts?: PartFigures;
  burst?: BurstFigures[];
  /** Transitions per email sent: the default simulation's and the window campaign's. */
  transitions?: TransitionFigures[];
  targets: Target[];
}

const load = () => Number(loadavg()[0]!.toFixed(2));

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGb: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: process.platform,
    arch: arch(),
    loadAtStart: load(),
    loadAtEnd: load(),
  };
}

export const loadNow = load;

export interface PriceSources {
  date: string;
  region: string;
  /** The pages src/runtime/prices.ts says its prices come from. */
  sources: string[];
}

/** The price table's date and sources, read from its file: a cost figure without them is not one. */
export function priceSources(): PriceSources {
  const file = fileURLToPath(new URL("../src/runtime/prices.ts", import.meta.url));
  const text = readFileSync(file, "utf8");
  const sources = [...new Set(text.match(/https:\/\/[^\s)]+/g) ?? [])];
  if (!/^\d{4}-\d{2}-\d{2}$/.test(PRICES.date) || !text.includes(PRICES.date))
    throw new Error("src/runtime/prices.ts has no date (PRICES.date, YYYY-MM-DD, also in its header)");
  if (sources.length < 4)
    throw new Error("src/runtime/prices.ts should cite a source page for each of its 4 services");
  return { date: PRICES.date, region: PRICES.region, sources };
}
