import { enroll, upsertContact } from "../../core/engine/enroll-contact";
import type { Scenario, ScenarioEvent } from "../../core/language";
import type { OutboundEmail } from "../../core/ports";
import type { LocalRuntime } from "../local-runtime";
import { targetOf } from "./answers";
import { Deliverer } from "./deliver";
import { type CapturedSend, Journal } from "./journal";
import { durationMillis, momentMillis, resolveStep, type StepRef, stepName, when } from "./moments";
import { TaskCompletions } from "./tasks";

/** An event timed from when an email went out: scheduled once that email is sent. */
interface AfterSent {
  index: number;
  event: ScenarioEvent;
  step: StepRef;
  delay: number;
  fired: boolean;
}

export interface PlayerOptions {
  runtime: LocalRuntime;
  scenario: Scenario;
  /** The scenario's start (ms). */
  start: number;
}

/**
 * Plays a scenario on the runtime's virtual clock: creates its contacts, schedules its enrollments,
 * its events (at a moment, or some time after an email went out) and its rep's task completions,
 * and, once time has run out, notes in the journal what was due and did not happen.
 */
export class ScenarioPlayer {
  readonly journal: Journal;
  private readonly deliverer: Deliverer;
  private readonly tasks: TaskCompletions;
  /** Scenario actions due at the same instant run one after another, in the order of the file. */
  private chain: Promise<void> = Promise.resolve();
  /** Events scheduled and not delivered yet (by index): any left at the end were due after `until`. */
  private readonly due = new Map<number, number>();
  private readonly afterSent: AfterSent[] = [];

  constructor(private readonly options: PlayerOptions) {
    const { runtime, start } = options;
    this.journal = new Journal(() => runtime.clock.millis());
    this.deliverer = new Deliverer({ runtime, journal: this.journal, start });
    this.tasks = new TaskCompletions({
      store: runtime.deps.store,
      catalog: runtime.deps.catalog,
      journal: this.journal,
      deliverer: this.deliverer,
      schedule: (at, action) => this.schedule(at, action),
      start,
    });
  }

  private schedule(at: number, action: () => Promise<void>): void {
    this.options.runtime.schedule(at, () => {
      const run = this.chain.then(action);
      this.chain = run.catch(() => {});
      return run;
    });
  }

  /** Delivers event number `index` of the scenario at `at`, answering the email `target` gives then. */
  private deliverAt(at: number, index: number, target: () => CapturedSend | undefined): void {
    this.due.set(index, at);
    this.schedule(at, async () => {
      this.due.delete(index);
      await this.deliverer.deliver(index, this.options.scenario.events[index]!, target());
    });
  }

  /** Every email as it leaves the mailer: captured, and the events timed from it scheduled. */
  onSend(email: OutboundEmail, messageId: string): void {
    const send = this.journal.capture(email, messageId);
    if (!send) return;
    for (const watch of this.afterSent) {
      if (watch.fired || watch.event.contact !== send.contactId) continue;
      if (watch.step.workflowId !== send.workflowId || watch.step.stepId !== send.stepId) continue;
      watch.fired = true;
      this.deliverAt(send.at + watch.delay, watch.index, () => send);
    }
  }

  /** Creates the scenario's contacts, then schedules its enrollments, events and task completions. */
  async setUp(): Promise<void> {
    const { scenario, runtime } = this.options;
    for (const contact of scenario.contacts) await upsertContact(runtime.deps, contact);
    this.scheduleEnrollments();
    this.scheduleEvents();
    for (const completion of scenario.completeTasks) {
      this.tasks.add({
        contact: completion.contact,
        task: completion.task,
        ...(completion.at !== undefined ? { at: this.moment(completion.at) } : {}),
        ...(completion.afterCreated !== undefined ? { afterCreated: completion.afterCreated } : {}),
      });
    }
  }

  /** A moment of the scenario in ms; its start when absent. */
  private moment(at: string | undefined): number {
    return at === undefined ? this.options.start : momentMillis(this.options.start, at);
  }

  private scheduleEnrollments(): void {
    const { scenario, runtime } = this.options;
    for (const enrollment of scenario.enroll) {
      const { contact, into } = enrollment;
      this.schedule(this.moment(enrollment.at), async () => {
        const result = await enroll(runtime.deps, contact, into);
        if (result.status === "refused")
          this.journal.note(contact, `enrollment in ${into} refused: ${result.reason}`);
        else if (result.status === "already-active")
          this.journal.note(contact, `enrollment in ${into}: already active as ${result.enrollment.id}`);
      });
    }
  }

  private scheduleEvents(): void {
    const { scenario, runtime, start } = this.options;
    scenario.events.forEach((event, index) => {
      if (event.afterSent === undefined) {
        this.deliverAt(this.moment(event.at), index, () => targetOf(this.journal, event));
        return;
      }
      const step = resolveStep(runtime.deps.catalog, event.afterSent);
      if (step) this.afterSent.push({ index, event, step, delay: durationMillis(event.delay), fired: false });
      else
        this.journal.note(event.contact, `${event.event}: '${event.afterSent}' names no single step`, start);
    });
  }

  /** Runs the virtual clock to `horizon`, looking for awaited tasks after every step of it. */
  run(horizon: number): Promise<void> {
    return this.options.runtime.runUntil(horizon, (now) => this.tasks.onStep(now));
  }

  /** Notes the events and task completions that were due and did not happen by `horizon`. */
  finish(horizon: number): void {
    const { scenario, start } = this.options;
    for (const watch of this.afterSent) {
      if (watch.fired) continue;
      const delay = watch.event.delay ? `${watch.event.delay} ` : "";
      const text = `${watch.event.event} ${delay}after ${stepName(watch.step)} did not happen: that email never went out`;
      this.journal.note(watch.event.contact, text, horizon);
    }
    for (const [index, at] of this.due) {
      const event = scenario.events[index]!;
      this.journal.note(
        event.contact,
        `${event.event} due ${when(start, at)} did not happen: after the end`,
        horizon,
      );
    }
    this.tasks.finish(horizon);
  }
}
