import type { WorkspaceCatalog } from "../../compiler/catalog";
import { accountSummary } from "../../core/accounts";
import type { Scenario } from "../../core/language";
import { attributionReport } from "../../core/reports/attribution";
import { dayOf } from "../../core/reports/counter-names";
import type { AccountSummary } from "../../core/reports/report-types";
import type { LocalServers } from "../local-backend";
import { LocalRuntime } from "../local-runtime";
import { accountKey, check, type Failure, failedEnrollments, type Outcome, pictureOf } from "./expectations";
import type { Journal } from "./journal";
import { emailZone, momentMillis } from "./moments";
import { ScenarioPlayer } from "./player";
import { type ContactHistory, loadHistory } from "./scenario-timeline";

export interface RunScenarioOptions {
  /** Folder of the workflow files (default "workflows"), relative to `cwd`. */
  workflowsDir?: string;
  /** Folder of the templates (default "templates"), relative to `cwd`. */
  templatesDir?: string;
  cwd?: string;
  /** "servers" (default): dynalite and local SES; "memory": in-memory store and mailer. */
  backend?: "servers" | "memory";
  /** The workspace already compiled (a ScenarioSession's): not compiled again. */
  catalog?: WorkspaceCatalog;
  /** "servers": servers already running (a ScenarioSession's), left running; the scenario gets a fresh table. */
  sharedServers?: LocalServers;
}

export interface ScenarioRun {
  name: string;
  ok: boolean;
  failures: Failure[];
  /** Wall-clock time of the run (not part of the JSON report: it varies). */
  wallMillis: number;
}

/**
 * Runs one scenario in a fresh local runtime (on `catalog` and `sharedServers` when given) on a virtual clock that starts at `scenario.start`:
 * creates its contacts, enrolls them, delivers its events through the real doors, completes rep
 * tasks, runs until `until`, then checks every expectation against the store and the runtime.
 */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioRun> {
  const started = performance.now();
  const start = Date.parse(scenario.start);
  let player: ScenarioPlayer | undefined;
  const runtime = await LocalRuntime.start({
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.workflowsDir ? { workflowsDir: options.workflowsDir } : {}),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    ...(options.catalog ? { catalog: options.catalog } : {}),
    ...(options.sharedServers ? { sharedServers: options.sharedServers } : {}),
    start: new Date(start),
    backend: options.backend ?? "servers",
    onSend: (email, messageId) => player?.onSend(email, messageId),
  });
  const failures: Failure[] = [];
  try {
    const playing = new ScenarioPlayer({ runtime, scenario, start });
    player = playing;
    await playing.setUp();
    const horizon = momentMillis(start, scenario.until);
    try {
      await playing.run(horizon);
    } catch (error) {
      failures.push({
        expect: { run: "every scheduled action succeeds" },
        actual: { error: (error as Error).message },
      });
    }
    playing.finish(horizon);
    const outcome = await outcomeOf({ runtime, scenario, journal: playing.journal, start, horizon });
    failures.push(...judge(scenario, playing.journal, outcome));
  } finally {
    await runtime.close();
  }
  return {
    name: scenario.name,
    ok: failures.length === 0,
    failures,
    wallMillis: performance.now() - started,
  };
}

/** What the expectations are checked against: each contact's history, read back from the store. */
async function outcomeOf(run: {
  runtime: LocalRuntime;
  scenario: Scenario;
  journal: Journal;
  start: number;
  horizon: number;
}): Promise<Outcome> {
  const { runtime, scenario, journal, start, horizon } = run;
  const deps = runtime.deps;
  const histories = new Map<string, ContactHistory>();
  for (const contact of scenario.contacts)
    histories.set(contact.id, await loadHistory(deps, journal, contact.id));
  const byId = new Map(scenario.contacts.map((contact) => [contact.id, contact]));
  const period = { from: dayOf(new Date(start).toISOString()), to: dayOf(new Date(horizon).toISOString()) };
  const attribution = scenario.expect.some((expectation) => "credit" in expectation)
    ? await attributionReport(deps.store, deps.catalog.settings, { ...period, by: "channel" })
    : undefined;
  const accounts = new Map<string, AccountSummary>();
  for (const expectation of scenario.expect) {
    if (!("account" in expectation)) continue;
    const row = await deps.store.getAccount(accountKey(expectation.account));
    if (row) accounts.set(row.account, accountSummary(row));
  }
  return {
    ...(attribution ? { attribution } : {}),
    accounts,
    catalog: deps.catalog,
    start,
    histories,
    slackPosts: runtime.slack.posts,
    zoneOf: (id) => {
      const zone = histories.get(id)?.contact?.timezone ?? byId.get(id)?.timezone;
      return (workflowId, stepId) => emailZone(deps.catalog, zone, { workflowId, stepId });
    },
    initialStage: (id) => byId.get(id)?.stage ?? deps.catalog.scoring.stages[0]!,
  };
}

/** The scenario's failures: events no real contact could make, expectations that do not hold, failed enrollments. */
function judge(scenario: Scenario, journal: Journal, outcome: Outcome): Failure[] {
  const faults = journal.faults.map((fault) => ({
    expect: scenario.events[fault.index]!,
    actual: pictureOf(outcome, outcome.histories.get(fault.contactId)!, fault.text),
  }));
  const unmet = scenario.expect.flatMap((expectation) => check(expectation, outcome) ?? []);
  return [...faults, ...unmet, ...failedEnrollments(outcome)];
}
