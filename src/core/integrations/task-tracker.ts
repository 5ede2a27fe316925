/**
 * A task tracker the reps work in besides Handoff's inbox (Asana: settings.integrations.asana).
 * Port: src/adapters implement it over the tracker's API. The Asana part
 * owns this file and may refine it.
 */

/** A rep task as the tracker is given it. */
export interface TrackedTask {
  /** Handoff's task id (repTaskId): the tracker task names it, so a retry can find it. */
  taskId: string;
  contactId: string;
  title: string;
  /** The owner id the task is for (settings.integrations.asana.assignees maps it). */
  owner?: string;
  /** ISO time the task is due. */
  due?: string;
  /** A link back to the contact's timeline. */
  link: string;
}

export interface TaskTracker {
  /** Creates the task in the tracker (once per taskId); resolves to the tracker's own id. */
  createTask(task: TrackedTask): Promise<{ externalId: string }>;
}
