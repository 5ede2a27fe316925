/** A rep's inbox (GET /tasks): the owner's tasks in one status (or all), soonest due first. */
import type { TaskStore } from "../contact-store";
import type { RepTaskStatus } from "../model";
import type { InboxTask } from "./report-types";

export const INBOX_STATUSES = ["open", "completed", "timedOut", "all"] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

export async function inbox(
  store: Pick<TaskStore, "listTasks">,
  owner: string,
  status: InboxStatus,
): Promise<{ tasks: InboxTask[] }> {
  const tasks = await store.listTasks(owner, status === "all" ? undefined : (status as RepTaskStatus));
  return {
    tasks: tasks
      .map((task) => ({
        taskId: task.id,
        contactId: task.contactId,
        title: task.title,
        kind: task.task,
        due: task.deadline,
        status: task.status,
      }))
      .sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.taskId < b.taskId ? -1 : 1)),
  };
}
