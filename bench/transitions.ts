// Sections `transitions` and `window`: Step Functions transitions per email sent, counted from real
// runs of the compiled machines in the local runtime (every execution's states entered, sequences
// included, over the emails SES accepted), with what makes an email cost more than one state:
// holds and stretched waits (bench/state-history.ts).
// - transitions: the default 1,000-prospect simulation (`handoff simulate`'s defaults: seed 1,
//   30 virtual days, the entry campaign; on the memory backend, which runs the same machines and
//   handlers as the servers, faster). Executions still running at day 30 count the states entered
//   so far, as the emails count those sent so far.
// - window: a campaign with a Monday-to-Friday 09:00-17:00 window in the contact's zone, set in
//   its file as a marketer would (trial-nurture, in a copy of the workflows folder), contacts in
//   the simulator's mix of time zones enrolled over a week, none engaging, every execution run to
//   its end (bench/counted-usage.ts).
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { progress } from "../src/cli/progress";
import type { StateMachine } from "../src/compiler/emit/asl";
import type { LoadOptions } from "../src/compiler/load";
import { compileWorkspace } from "../src/compiler/pipeline";
import type { SendWindow } from "../src/core/language";
import type { ExecutionRecord } from "../src/runtime/local-runtime";
import { prospects } from "../src/runtime/simulate/prospects";
import { simulate } from "../src/runtime/simulate/simulator";
import { countedRun } from "./counted-usage";
import { type HistoryTally, StateHistories } from "./state-history";
import { num } from "./stats";

export type TransitionCase = "simulation" | "window";

export interface TransitionFigures {
  case: TransitionCase;
  /** The workflow the contacts start in. */
  workflow: string;
  contacts: number;
  /** Every execution's transitions (the runners' meters), sequences included. */
  transitions: number;
  emailsSent: number;
  transitionsPerEmail: number;
  /** From the executions' event logs: holds and stretched waits, and the states entered. */
  history: HistoryTally;
  wallSeconds: number;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** `handoff simulate`'s defaults (src/cli/commands/simulate.ts). */
const SIMULATION = { seed: 1, days: 30 };
export const WINDOW_WORKFLOW = "trial-nurture";
export const WINDOW: SendWindow = { days: "mon-fri", hours: "09:00-17:00", timezone: "contact" };

/** The compiled machines of a workspace, by workflow id (to read the event logs against). */
function machinesOf(load: LoadOptions): Map<string, StateMachine> {
  const compiled = compileWorkspace(load);
  if (!compiled.ok) throw new Error("the workflows do not compile: run handoff validate");
  return new Map(compiled.machines.map((machine) => [machine.workflow.id, machine.definition]));
}

/** The figures of a finished run: its executions' transitions (the runners' meters) over its emails. */
function figuresOf(
  run: Pick<TransitionFigures, "case" | "workflow" | "contacts" | "emailsSent">,
  tally: { histories: StateHistories; executions: ExecutionRecord[]; load: LoadOptions; started: number },
): TransitionFigures {
  const transitions = tally.executions.reduce((sum, execution) => sum + execution.handle.transitions(), 0);
  if (tally.histories.size === 0)
    throw new Error("no execution event reached the bench: the runtime no longer passes on onExecutionEvent");
  return {
    ...run,
    transitions,
    transitionsPerEmail: run.emailsSent ? transitions / run.emailsSent : Number.POSITIVE_INFINITY,
    history: tally.histories.tally(tally.executions, machinesOf(tally.load)),
    wallSeconds: (performance.now() - tally.started) / 1000,
  };
}

/** The default simulation of `contacts` prospects, counted. */
export async function simulationTransitions(contacts: number): Promise<TransitionFigures> {
  const started = performance.now();
  const histories = new StateHistories();
  const bar = progress(`transitions: simulate ${contacts.toLocaleString("en-US")} prospects, 30 days`, 100);
  let executions: ExecutionRecord[] = [];
  const report = await simulate({
    contacts,
    ...SIMULATION,
    backend: "memory",
    onExecutionEvent: histories.observe,
    onProgress: (fraction) => bar.update(Math.floor(fraction * 100)),
    keepOpen: async (runtime) => {
      executions = [...runtime.executions.values()];
    },
  });
  const workflow = report.run.workflow ?? "the entry campaign";
  const run = { case: "simulation", workflow, contacts, emailsSent: report.emailsSent } as const;
  const figures = figuresOf(run, { histories, executions, load: {}, started });
  bar.done(`${num(figures.transitionsPerEmail)} transitions per email`);
  return figures;
}

/** A copy of the workflows folder with the window campaign's sendWindow set in its file. */
async function windowWorkspace(dir: string): Promise<LoadOptions> {
  const workflowsDir = join(dir, "workflows");
  await cp(join(ROOT, "workflows"), workflowsDir, { recursive: true });
  const file = join(workflowsDir, `${WINDOW_WORKFLOW}.json`);
  const campaign = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  await writeFile(file, `${JSON.stringify({ ...campaign, sendWindow: WINDOW }, null, 2)}\n`);
  return { workflowsDir, templatesDir: join(ROOT, "templates"), cwd: ROOT };
}

/** `contacts` contacts walking the window campaign to its end, counted. */
export async function windowTransitions(contacts: number): Promise<TransitionFigures> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "handoff-bench-window-"));
  try {
    const load = await windowWorkspace(dir);
    const histories = new StateHistories();
    const timezones = prospects(contacts, SIMULATION.seed).map((prospect) => prospect.contact.timezone);
    const bar = progress(
      `window: ${contacts.toLocaleString("en-US")} contacts through ${WINDOW_WORKFLOW}`,
      100,
    );
    const counted = await countedRun(WINDOW_WORKFLOW, contacts, {
      load,
      timezones,
      histories,
      onProgress: (fraction) => bar.update(Math.floor(fraction * 100)),
    });
    const emailsSent = Math.round(counted.perContact.sesSends * contacts);
    const run = { case: "window", workflow: WINDOW_WORKFLOW, contacts, emailsSent } as const;
    const figures = figuresOf(run, { histories, executions: counted.executions, load, started });
    bar.done(`${num(figures.transitionsPerEmail)} transitions per email`);
    return figures;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
