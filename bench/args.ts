// The bench's command line: `npm run bench -- [--json] [--quick] [--sizes 1000,10000]
// [--backends memory,servers] [--runs N]
// [--only cli,scenarios,start,costs,simulations,bundles,parts,burst,transitions,window]`.

import { totalmem } from "node:os";

export type Backend = "memory" | "servers";
export const SECTIONS = [
  "cli",
  "scenarios",
  "start",
  "costs",
  "simulations",
  "bundles",
  "parts",
  "burst",
  "transitions",
  "window",
] as const;
export type Section = (typeof SECTIONS)[number];

export interface SimulationPlan {
  backend: Backend;
  contacts: number;
  runs: number;
}

export interface BenchArgs {
  json: boolean;
  quick: boolean;
  sections: Set<Section>;
  /** The backends named by --backends (default both): of the simulations and of `handoff test`. */
  backends: Backend[];
  /** Simulations to run, in order. */
  simulations: SimulationPlan[];
  /** Combinations of the full matrix (1k, 10k, 100k on both backends) left out, with why. */
  skipped: Array<SimulationPlan & { why: string }>;
  /** Repetitions of the cheaper measurements (CLI spawns, renders, compile, cold imports, ingest, CSV). */
  runs: number;
  /** Repetitions of the longer commands (`handoff test` per backend, `npm start`): --runs, at most 3; 1 with --quick. */
  commandRuns: number;
  /** Contacts whose first email comes due at once in the burst section (10,000; 1,000 with --quick). */
  burstContacts: number;
  /** Prospects of the transitions section's simulation (1,000: the figure; 200 with --quick). */
  transitionContacts: number;
  /** Contacts through the window section's campaign (1,000; 200 with --quick). */
  windowContacts: number;
}

export const FULL_SIZES = [1000, 10_000, 100_000];
const BACKENDS: Backend[] = ["memory", "servers"];

/**
 * Rough wall seconds of one simulation on this machine (2 cores, quiet), to plan runs and to say
 * what a skipped one would take. Measured before issue 17: on memory 4.3 s for 1,000 contacts, 33 s for 10,000,
 * 737 s for 100,000 (the time per contact grows with the contacts alive at once: GC of a larger
 * heap); on the servers 45 s for 1,000 and 457 s for 10,000 (dynalite's pace, flat per contact).
 */
export function estimatedSeconds(backend: Backend, contacts: number): number {
  return backend === "memory" ? 3 + contacts * (0.0029 + contacts * 4.5e-8) : 3 + contacts * 0.046;
}

/** Rough peak RSS in MB (measured: memory 0.3, 1.4 and 10.4 GB at 1,000, 10,000 and 100,000; servers 0.8 and 3.4 GB). */
export function estimatedRssMb(backend: Backend, contacts: number): number {
  return backend === "memory" ? 200 + contacts * 0.104 : 560 + contacts * 0.28;
}

/**
 * Default: three runs of 1,000 and 10,000 on memory and of 1,000 on the servers, one of 10,000 on
 * the servers and one of 100,000 on memory (issue 17's targets: 10 s, 60 s and 2 GB peak RSS). Before
 * issue 17 that took 16 minutes plus 12 for 100,000 (10.4 GB of RAM). 100,000 on the servers is
 * skipped (over an hour and more RAM than here before issue 17): the output says how to run it.
 * --sizes or --quick leave 100,000 out.
 */
const DEFAULT_PLAN: SimulationPlan[] = [
  { backend: "memory", contacts: 1000, runs: 3 },
  { backend: "memory", contacts: 10_000, runs: 3 },
  { backend: "servers", contacts: 1000, runs: 3 },
  { backend: "servers", contacts: 10_000, runs: 1 },
  { backend: "memory", contacts: 100_000, runs: 1 },
];
const QUICK_PLAN: SimulationPlan[] = [
  { backend: "memory", contacts: 1000, runs: 2 },
  { backend: "servers", contacts: 200, runs: 1 },
];

function duration(seconds: number): string {
  return seconds < 5400 ? `${Math.max(1, Math.round(seconds / 60))} min` : `${Math.round(seconds / 3600)} h`;
}

const OPTIONS = ["--json", "--quick", "--sizes", "--backends", "--runs", "--only"];

function list(text: string, flag: string): string[] {
  const items = text
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new Error(`${flag} needs a comma-separated list`);
  return items;
}

function positiveInt(text: string, flag: string): number {
  const n = Number(text.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} wants whole numbers above 0, not "${text}"`);
  return n;
}

/** The value after `flag`, if the flag is given. */
function flagValue(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  if (i < 0) return undefined;
  const value = argv[i + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value`);
  return value;
}

function sectionsOf(text: string | undefined): Set<Section> {
  if (text === undefined) return new Set(SECTIONS);
  return new Set(
    list(text, "--only").map((section) => {
      if (!(SECTIONS as readonly string[]).includes(section))
        throw new Error(`--only takes ${SECTIONS.join(", ")}, not "${section}"`);
      return section as Section;
    }),
  );
}

function backendsOf(text: string | undefined): Backend[] | undefined {
  if (!text) return undefined;
  return list(text, "--backends").map((backend) => {
    if (backend !== "memory" && backend !== "servers")
      throw new Error(`--backends takes memory and servers, not "${backend}"`);
    return backend;
  });
}

/** The simulations asked for: every size on every backend named, else the default or quick plan. */
function simulationsOf(choice: {
  sizes: number[] | undefined;
  backends: Backend[] | undefined;
  runs: number | undefined;
  quick: boolean;
}): SimulationPlan[] {
  const { sizes, backends, runs } = choice;
  if (!sizes && !backends)
    return (choice.quick ? QUICK_PLAN : DEFAULT_PLAN).map((plan) => (runs ? { ...plan, runs } : plan));
  return (backends ?? BACKENDS).flatMap((backend) =>
    (sizes ?? FULL_SIZES).map((contacts) => ({
      backend,
      contacts,
      runs: runs ?? (estimatedSeconds(backend, contacts) <= 90 ? 3 : 1),
    })),
  );
}

/** The combinations of the full matrix not planned, each with what a run would take. */
function skippedOf(simulations: readonly SimulationPlan[]): BenchArgs["skipped"] {
  const chosen = (backend: Backend, contacts: number) =>
    simulations.some((plan) => plan.backend === backend && plan.contacts === contacts);
  return BACKENDS.flatMap((backend) =>
    FULL_SIZES.filter((contacts) => !chosen(backend, contacts)).map((contacts) => {
      const rssMb = estimatedRssMb(backend, contacts);
      const tooMuch = rssMb > totalmem() / 2 ** 20 ? ", more than this machine has" : "";
      const why = `about ${duration(estimatedSeconds(backend, contacts))} and ${Math.round(rssMb / 1024)} GB of RAM a run${tooMuch}`;
      return { backend, contacts, runs: 1, why };
    }),
  );
}

export function parseArgs(argv: string[]): BenchArgs {
  for (const arg of argv)
    if (arg.startsWith("--") && !OPTIONS.includes(arg)) throw new Error(`unknown option ${arg}`);
  const quick = argv.includes("--quick");
  const sizesText = flagValue(argv, "--sizes");
  const backendsText = flagValue(argv, "--backends");
  const runsText = flagValue(argv, "--runs");
  const onlyText = flagValue(argv, "--only");
  const runs = runsText === undefined ? undefined : positiveInt(runsText, "--runs");
  const sections = sectionsOf(onlyText);
  const backends = backendsOf(backendsText);
  const sizes = sizesText
    ? list(sizesText, "--sizes").map((size) => positiveInt(size, "--sizes"))
    : undefined;
  const simulations = simulationsOf({ sizes, backends, runs, quick });
  return {
    json: argv.includes("--json"),
    quick,
    sections,
    backends: backends ?? BACKENDS,
    simulations,
    skipped: skippedOf(simulations),
    runs: runs ?? (quick ? 3 : 5),
    commandRuns: runs ? Math.min(runs, 3) : quick ? 1 : 3,
    burstContacts: quick ? 1000 : 10_000,
    transitionContacts: quick ? 200 : 1000,
    windowContacts: quick ? 200 : 1000,
  };
}
