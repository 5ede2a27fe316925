import type { Catalog } from "../../core/engine/deps";
import { repTaskId } from "../../core/enrollment-id";
import type { RepTask } from "../../core/model";
import type { ContactStore } from "../../core/ports";
import type { Deliverer } from "./deliver";
import type { Journal } from "./journal";
import { durationMillis, resolveStep, type StepRef, stepName, when } from "./moments";

export interface TaskCompletion {
  contact: string;
  task: string;
  at?: number;
  afterCreated?: string;
}

interface Watch {
  contact: string;
  step: StepRef;
  delay: number;
}

/** Schedules work on the runtime's virtual clock (serialised by the runner). */
export type Scheduler = (at: number, action: () => Promise<void>) => void;

export interface TaskCompletionsOptions {
  store: ContactStore;
  catalog: Catalog;
  journal: Journal;
  /** Completes tasks through the task API, as the rep's CRM would. */
  deliverer: Deliverer;
  schedule: Scheduler;
  /** The scenario's start (ms), to date the notes. */
  start: number;
}

/**
 * A rep completing tasks: at a fixed moment, or some time after the task step created the task.
 * Task creation has no hook, so after every jump of the virtual clock the runner looks, at that
 * same instant (once the machines are idle), for the tasks it still waits for.
 */
export class TaskCompletions {
  private readonly watching: Watch[] = [];
  /** Completions scheduled and not run yet (due after the scenario's end, if any are left). */
  private readonly due = new Map<string, { contact: string; step: StepRef; at: number }>();
  private lastLook = Number.NEGATIVE_INFINITY;
  private fixed = 0;

  constructor(private readonly options: TaskCompletionsOptions) {}

  add(completion: TaskCompletion): void {
    const step = resolveStep(this.options.catalog, completion.task);
    if (!step) {
      this.options.journal.note(
        completion.contact,
        `task '${completion.task}' names no single step: not completed`,
      );
      return;
    }
    if (completion.at !== undefined) {
      const at = completion.at;
      const key = `at:${++this.fixed}`;
      this.due.set(key, { contact: completion.contact, step, at });
      this.options.schedule(at, async () => {
        this.due.delete(key);
        const task = await this.find(completion.contact, step);
        if (!task)
          this.options.journal.note(
            completion.contact,
            `task ${stepName(step)} had not been created by ${when(this.options.start, at)}: not completed`,
          );
        else await this.complete(task);
      });
    } else {
      this.watching.push({
        contact: completion.contact,
        step,
        delay: durationMillis(completion.afterCreated),
      });
    }
  }

  /** Called after every step of the virtual clock: look for awaited tasks once the instant is settled. */
  onStep(now: number): void {
    if (!this.watching.length || now === this.lastLook) return;
    this.lastLook = now;
    this.options.schedule(now, () => this.look());
  }

  private async look(): Promise<void> {
    for (const watch of [...this.watching]) {
      const task = await this.find(watch.contact, watch.step);
      if (!task) continue;
      this.watching.splice(this.watching.indexOf(watch), 1);
      const at = Date.parse(task.createdAt) + watch.delay;
      this.due.set(task.id, { contact: watch.contact, step: watch.step, at });
      this.options.schedule(at, () => {
        this.due.delete(task.id);
        return this.complete(task);
      });
    }
  }

  private async complete(task: RepTask): Promise<void> {
    const refused = await this.options.deliverer.completeTask(task.id, task.owner ?? "scenario");
    if (refused)
      this.options.journal.note(
        task.contactId,
        `completing task ${task.workflowId}/${task.stepId} answered ${refused}`,
      );
  }

  /** The task of this step for the contact's latest enrollment in its workflow that has one. */
  private async find(contactId: string, step: StepRef): Promise<RepTask | undefined> {
    const enrollments = await this.options.store.listEnrollments(contactId, step.workflowId);
    for (const enrollment of [...enrollments].sort((a, b) => b.seq - a.seq)) {
      const task = await this.options.store.getTask(repTaskId(enrollment, step.stepId));
      if (task) return task;
    }
    return undefined;
  }

  /** Notes the completions whose task never appeared, or that were due after the end. */
  finish(end: number): void {
    for (const watch of this.watching)
      this.options.journal.note(
        watch.contact,
        `task ${stepName(watch.step)} was never created: not completed`,
        end,
      );
    for (const { contact, step, at } of this.due.values()) {
      const text = `completing task ${stepName(step)} due ${when(this.options.start, at)} did not happen: after the end`;
      this.options.journal.note(contact, text, end);
    }
  }
}
