import type { LoadOptions } from "../../compiler/load";
import type { PausePayload } from "../../core/engine/payloads";
import type { Workflow } from "../../core/language";
import type { OutboundEmail } from "../../core/ports";
import { dayOf } from "../../core/reports/counter-names";
import { Chaos } from "../chaos/chaos";
import type { ChaosOptions } from "../chaos/faults";
import { LocalRuntime, type RuntimeOptions } from "../local-runtime";
import { activities } from "./activity";
import { entryEvents, entryWorkflow } from "./entry";
import { collectFigures } from "./figures";
import { type Prospect, type ProspectIds, prospects } from "./prospects";
import { Reactions } from "./reactions";
import type { SimulationReport } from "./report-model";
import { readReports, simulationReport } from "./simulation-report";

/** onExecutionEvent: every execution's event log, as the runtime passes it on (the bench reads it). */
export interface SimulateOptions extends LoadOptions, Pick<RuntimeOptions, "onExecutionEvent"> {
  contacts: number;
  seed: number;
  /**
   * The campaign (or sequence) prospects start in; default: the workspace's entry campaign (see
   * entryWorkflow). Throws UnknownWorkflowError when no workflow has this id.
   */
  workflow?: string;
  /** Virtual days to run (default 30). */
  days?: number;
  backend?: "servers" | "memory";
  /** Virtual start (default: Monday 2026-03-02, 00:00 UTC). */
  start?: string;
  /** Prospects act on a grid of this many minutes (default 60): shared instants run together. */
  gridMinutes?: number;
  /** Share of virtual time done, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** The send rate emails are paced to (default SES's 14 a second; "unlimited": unpaced). */
  sendRate?: RuntimeOptions["sendRate"];
  /** Faults injected at a rate, with the invariants checked after the run (`--chaos`). */
  chaos?: ChaosOptions;
  /** How contact ids look (see ProspectIds); default `mixed` under chaos, else `plain`. */
  contactIds?: ProspectIds;
  /** In-memory mailbox: the emails kept whole, the first ones (default 50; see CapturedMailer). */
  mailboxSample?: number;
  /** Every email as it is sent, at `sentAt` on the virtual clock (npm start streams them to a JSON lines file). */
  onEmail?: (email: OutboundEmail, messageId: string, sentAt: Date) => void;
  /** Called with the runtime before it closes (npm start --serve keeps looking at it). */
  keepOpen?: (runtime: LocalRuntime, report: SimulationReport) => Promise<void>;
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const DEFAULT_START = "2026-03-02T00:00:00Z";
/**
 * How many emails the in-memory mailbox keeps whole by default: what the HTML files of `npm start`
 * and the mailbox page of `--serve` show (src/cli/mailbox-files.ts takes it from here).
 */
export const DEFAULT_MAILBOX_SAMPLE = 50;

/** Synthetic prospects through the real compiled machines and handlers, on a virtual clock. */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  const start = Date.parse(options.start ?? DEFAULT_START);
  const people = prospects(options.contacts, options.seed, {
    ids: options.contactIds ?? (options.chaos ? "mixed" : "plain"),
  });
  const chaos = options.chaos ? new Chaos(options.chaos) : undefined;
  let reactions: Reactions | undefined;
  const runtime = await LocalRuntime.start({
    ...options,
    ...(chaos ? { decorate: chaos.decorators() } : {}),
    start: new Date(start),
    backend: options.backend ?? "servers",
    mailboxSample: options.mailboxSample ?? DEFAULT_MAILBOX_SAMPLE,
    ...reactionHooks(
      () => reactions,
      (email, messageId) =>
        // No email goes out before LocalRuntime.start returns, so `runtime` is set by then.
        options.onEmail?.(email, messageId, runtime.clock.now()),
    ),
  });
  const wallStart = performance.now();
  try {
    const entry = entryWorkflow(runtime.deps.catalog, options.workflow);
    const grid = options.gridMinutes === undefined ? HOUR : options.gridMinutes * 60_000;
    chaos?.attach(runtime);
    const acting = new Reactions({
      runtime,
      seed: options.seed,
      personas: new Map(people.map((prospect) => [prospect.contact.id, prospect.persona])),
      grid,
      activities: activities(runtime.deps.catalog),
      policy: chaos?.policy(),
    });
    reactions = acting;
    scheduleEntries({ runtime, reactions: acting, people, entry, seed: options.seed, start, grid });
    const horizon = start + (options.days ?? 30) * DAY;
    await runtime.runUntil(horizon, (now) => options.onProgress?.((now - start) / (horizon - start)));
    options.onProgress?.(1);
    const run = { options, runtime, chaos, people, start, horizon, wallStart, workflow: entry.id };
    const measured = await reportOf(run);
    const findings = chaos ? await chaosFindings({ ...run, chaos, reactions: acting }) : {};
    const report: SimulationReport = { ...measured, ...findings };
    await options.keepOpen?.(runtime, report);
    return report;
  } finally {
    await runtime.close();
  }
}

/** The runtime's hooks, handed on to the prospects' reactions once they exist (they need the runtime). */
function reactionHooks(
  current: () => Reactions | undefined,
  onEmail: RuntimeOptions["onSend"],
): Pick<RuntimeOptions, "onSend" | "onStep"> {
  return {
    onSend: (email, messageId) => {
      current()?.onSend(email, messageId);
      onEmail?.(email, messageId);
    },
    onStep: (key, payload, result) => {
      if (key === "pause") current()?.onPause(payload as PausePayload);
      const handedOff = key === "handoff" ? (result as { enrollmentId?: string }).enrollmentId : undefined;
      if (handedOff) current()?.onHandoff((payload as { contactId: string }).contactId, handedOff);
      if (key !== "task") return;
      const { contactId } = payload as { contactId: string };
      current()?.onTask(contactId, (result as { taskId: string }).taskId);
    },
  };
}

interface EntryPlan {
  runtime: LocalRuntime;
  reactions: Reactions;
  people: readonly Prospect[];
  /** The workflow prospects start in. */
  entry: Workflow;
  seed: number;
  start: number;
  grid: number;
}

/**
 * Each prospect comes in on the grid after its `enrollAfter`: the website reports the page view it
 * arrived by (its first touch), then the product what it did, as in production (entryEvents); a
 * workflow no event enrolls in (a sequence, an API-only campaign) gets it through the enrollment API.
 */
function scheduleEntries({ runtime, reactions, people, entry, seed, start, grid }: EntryPlan): void {
  for (const prospect of people) {
    const at = start + Math.ceil(prospect.enrollAfter / grid) * grid;
    const landing = reactions.journeys.landing(prospect);
    if (landing)
      runtime.schedule(
        at,
        reactions.reliably("a landing", () => reactions.post("/events", landing)),
      );
    const events = entryEvents(entry, prospect.contact, seed);
    const enrollment = async () => {
      if (events.length) await reactions.post("/events", { events });
      else await reactions.post("/enroll", { workflow: entry.id, contact: prospect.contact });
      reactions.onEntry(prospect.contact.id);
    };
    runtime.schedule(at, reactions.reliably("an entry", enrollment));
  }
}

/** A run whose simulated days have ended. */
interface FinishedRun {
  options: SimulateOptions;
  runtime: LocalRuntime;
  chaos: Chaos | undefined;
  people: readonly Prospect[];
  start: number;
  horizon: number;
  /** performance.now() when the runtime had started: the run's wall time counts from there. */
  wallStart: number;
  workflow: string;
}

/** The report: usage and wall time as the days ended, then the figures read back from the store. */
async function reportOf(run: FinishedRun): Promise<SimulationReport> {
  const { options, runtime } = run;
  const usage = { ...runtime.usage };
  const wallSeconds = (performance.now() - run.wallStart) / 1000;
  // Read without faults (and unmetered under chaos): the run is over, its figures are being reported.
  const store = run.chaos?.store ?? runtime.deps.store;
  const figures = await collectFigures({
    store,
    catalog: runtime.deps.catalog,
    contactIds: run.people.map((prospect) => prospect.contact.id),
  });
  return simulationReport({
    catalog: runtime.deps.catalog,
    contacts: options.contacts,
    usage,
    figures,
    slackPosts: runtime.slack.posts.length,
    reports: await readReports(store, runtime.deps.catalog, {
      from: dayOf(new Date(run.start).toISOString()),
      to: dayOf(new Date(run.horizon - 1).toISOString()),
    }),
    run: {
      seed: options.seed,
      workflow: run.workflow,
      backend: options.backend ?? "servers",
      start: new Date(run.start).toISOString(),
      end: new Date(run.horizon).toISOString(),
      simulatedDays: options.days ?? 30,
      wallSeconds: Number(wallSeconds.toFixed(1)),
    },
  });
}

/**
 * Every enrollment must end: runs on, past the horizon, until nothing is left to happen, with
 * nobody taking new initiatives (or a contact who keeps engaging keeps recycling); then checks the
 * invariants.
 */
async function chaosFindings(
  run: FinishedRun & { chaos: Chaos; reactions: Reactions },
): Promise<Pick<SimulationReport, "invariants" | "chaos">> {
  run.reactions.stopActing();
  await run.runtime.runUntil(run.horizon + 365 * DAY);
  const checked = await run.chaos.check(run.people.map((prospect) => prospect.contact.id));
  return { invariants: checked.breaches, chaos: { ...run.chaos.summary(), examples: checked.examples } };
}
