import { enroll, upsertContact } from "../../core/engine/enroll-contact";
import type { Scenario, ScenarioEvent } from "../../core/language";
import type { OutboundEmail } from "../../core/ports";
import { LocalRuntime } from "../local-runtime";
import { targetOf } from "./answers";
import { Deliverer } from "./deliver";
import { check, type Failure, failedEnrollments, type Outcome } from "./expectations";
import { type CapturedSend, Journal } from "./journal";
import {
  durationMillis,
  emailZone,
  momentMillis,
  resolveStep,
  type StepRef,
  stepName,
  when,
} from "./moments";
import { type ContactHistory, loadHistory, picture } from "./scenario-timeline";
import { TaskCompletions } from "./tasks";

export interface RunScenarioOptions {
  /** Folder of the workflow files (default "workflows"), relative to `cwd`. */
  workflowsDir?: string;
  /** Folder of the templates (default "templates"), relative to `cwd`. */
  templatesDir?: string;
  cwd?: string;
  /** "servers" (default): dynalite and local SES; "memory": in-memory store and mailer. */
  backend?: "servers" | "memory";
}

export interface ScenarioRun {
  name: string;
  ok: boolean;
  failures: Failure[];
  /** Wall-clock time of the run (not part of the JSON report: it varies). */
  wallMillis: number;
}

interface AfterSent {
  index: number;
  event: ScenarioEvent;
  step: StepRef;
  delay: number;
  fired: boolean;
}

/**
 * Runs one scenario in a fresh local runtime on a virtual clock that starts at `scenario.start`:
 * creates its contacts, enrolls them, delivers its events through the real doors, completes rep
 * tasks, runs until `until`, then checks every expectation against the store and the runtime.
 */
export async function runScenario(
  scenario: Scenario,
  options: RunScenarioOptions = {},
): Promise<ScenarioRun> {
  const started = performance.now();
  const start = Date.parse(scenario.start);
  let observe: (email: OutboundEmail, messageId: string) => void = () => {};
  const rt = await LocalRuntime.start({
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.workflowsDir ? { workflowsDir: options.workflowsDir } : {}),
    ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
    start: new Date(start),
    backend: options.backend ?? "servers",
    onSend: (email, messageId) => observe(email, messageId),
  });
  const failures: Failure[] = [];
  try {
    const deps = rt.deps;
    const journal = new Journal(() => rt.clock.millis());
    const deliverer = new Deliverer(rt, journal, start);
    // Scenario actions due at the same instant run one after another, in the order of the file.
    let chain: Promise<void> = Promise.resolve();
    const schedule = (at: number, action: () => Promise<void>) =>
      rt.schedule(at, () => {
        const run = chain.then(action);
        chain = run.catch(() => {});
        return run;
      });
    const tasks = new TaskCompletions(deps.store, deps.catalog, journal, deliverer, schedule, start);

    // Events scheduled and not delivered yet: any left at the end were due after `until`.
    const due = new Map<number, number>();
    const deliverAt = (
      at: number,
      index: number,
      event: ScenarioEvent,
      target: () => CapturedSend | undefined,
    ) => {
      due.set(index, at);
      schedule(at, async () => {
        due.delete(index);
        await deliverer.deliver(index, event, target());
      });
    };
    const afterSent: AfterSent[] = [];
    observe = (email, messageId) => {
      const send = journal.capture(email, messageId);
      if (!send) return;
      for (const watch of afterSent) {
        if (watch.fired || watch.event.contact !== send.contactId) continue;
        if (watch.step.workflowId !== send.workflowId || watch.step.stepId !== send.stepId) continue;
        watch.fired = true;
        deliverAt(send.at + watch.delay, watch.index, watch.event, () => send);
      }
    };

    for (const contact of scenario.contacts) await upsertContact(deps, contact);
    for (const e of scenario.enroll) {
      schedule(e.at === undefined ? start : momentMillis(start, e.at), async () => {
        const result = await enroll(deps, e.contact, e.into);
        if (result.status === "refused")
          journal.note(e.contact, `enrollment in ${e.into} refused: ${result.reason}`);
        else if (result.status === "already-active")
          journal.note(e.contact, `enrollment in ${e.into}: already active as ${result.enrollment.id}`);
      });
    }
    scenario.events.forEach((event, index) => {
      if (event.afterSent !== undefined) {
        const step = resolveStep(deps.catalog, event.afterSent);
        if (step) afterSent.push({ index, event, step, delay: durationMillis(event.delay), fired: false });
        else journal.note(event.contact, `${event.event}: '${event.afterSent}' names no single step`, start);
        return;
      }
      const at = event.at === undefined ? start : momentMillis(start, event.at);
      deliverAt(at, index, event, () => targetOf(journal, event));
    });
    for (const t of scenario.completeTasks) {
      tasks.add({
        contact: t.contact,
        task: t.task,
        ...(t.at !== undefined ? { at: momentMillis(start, t.at) } : {}),
        ...(t.afterCreated !== undefined ? { afterCreated: t.afterCreated } : {}),
      });
    }

    const horizon = momentMillis(start, scenario.until);
    try {
      await rt.runUntil(horizon, (now) => tasks.onStep(now));
    } catch (error) {
      failures.push({
        expect: { run: "every scheduled action succeeds" },
        actual: { error: (error as Error).message },
      });
    }
    for (const watch of afterSent) {
      if (watch.fired) continue;
      const delay = watch.event.delay ? `${watch.event.delay} ` : "";
      journal.note(
        watch.event.contact,
        `${watch.event.event} ${delay}after ${stepName(watch.step)} did not happen: that email never went out`,
        horizon,
      );
    }
    for (const [index, at] of due) {
      const event = scenario.events[index]!;
      journal.note(
        event.contact,
        `${event.event} due ${when(start, at)} did not happen: after the end`,
        horizon,
      );
    }
    tasks.finish(horizon);

    const histories = new Map<string, ContactHistory>();
    for (const contact of scenario.contacts)
      histories.set(contact.id, await loadHistory(deps, journal, contact.id));
    const byId = new Map(scenario.contacts.map((c) => [c.id, c]));
    const outcome: Outcome = {
      catalog: deps.catalog,
      start,
      histories,
      slackPosts: rt.slack.posts,
      zoneOf: (id) => {
        const zone = histories.get(id)?.contact?.timezone ?? byId.get(id)?.timezone;
        return (workflowId, stepId) => emailZone(deps.catalog, zone, { workflowId, stepId });
      },
      initialStage: (id) => byId.get(id)?.stage ?? deps.catalog.scoring.stages[0]!,
    };
    for (const fault of journal.faults) {
      const history = histories.get(fault.contactId)!;
      const zones = outcome.zoneOf(fault.contactId);
      const actual = picture(history, fault.text, start, zones, outcome.initialStage(fault.contactId));
      failures.push({ expect: scenario.events[fault.index]!, actual });
    }
    for (const expectation of scenario.expect) {
      const failure = check(expectation, outcome);
      if (failure) failures.push(failure);
    }
    failures.push(...failedEnrollments(outcome));
  } finally {
    await rt.close();
  }
  return {
    name: scenario.name,
    ok: failures.length === 0,
    failures,
    wallMillis: performance.now() - started,
  };
}
