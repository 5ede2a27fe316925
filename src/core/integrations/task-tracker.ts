/**
 * A task tracker the reps work in besides Handoff's inbox (Asana: settings.integrations.asana).
 * Port: src/adapters/aws/asana-tracker.ts implements it over Asana's REST API; the use cases are in
 * src/core/engine/tracked-tasks.ts. Errors: TransientError when a retry may succeed (429, 5xx, no
 * answer), TrackerRefusedError (src/core/errors.ts) when it will not.
 */

/** A rep task as the tracker is given it. */
export interface TrackedTask {
  /** Handoff's task id (repTaskId): the tracker task names it, so a person can find it back. */
  taskId: string;
  contactId: string;
  title: string;
  /** The task's own notes (a task step's `notes`), if any. */
  notes?: string;
  /** The owner id the task is for (settings.integrations.asana.assignees maps it). */
  owner?: string;
  /** ISO time the task is due. */
  due?: string;
  /** A link back to the contact's timeline. */
  link: string;
}

/** A tracker task as the tracker says it is now. */
export interface TrackerTaskState {
  externalId: string;
  completed: boolean;
}

export interface TaskTracker {
  /**
   * Creates the task in the tracker; resolves to the tracker's own id. Every call creates one: the
   * caller keeps the id (linkExternalTask) so it is called once per task.
   */
  createTask(task: TrackedTask): Promise<{ externalId: string }>;
  /** The task as the tracker has it now (a webhook's word is never taken for it). */
  readTask(externalId: string): Promise<TrackerTaskState>;
  /**
   * Has the tracker tell `target` of changes to its tasks (Asana: a webhook on the project). The
   * tracker may call `target` during this call (Asana's handshake).
   */
  watch(target: string): Promise<{ watchId: string }>;
}
