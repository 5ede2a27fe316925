/** The rep tasks: one per (enrollment, task step), listed by owner; and their links to a task tracker. */
import type { RepTask, RepTaskStatus } from "../model";
import type { TaskPatch } from "../patch";

export interface TaskStore {
  createTask(task: RepTask): Promise<boolean>;
  getTask(id: string): Promise<RepTask | undefined>;
  updateTask(id: string, patch: TaskPatch, onlyIf?: RepTaskStatus[]): Promise<boolean>;
  listTasks(owner: string, status?: RepTaskStatus): Promise<RepTask[]>;
  /**
   * Links the task to its copy in the task tracker (Asana's gid): sets `externalId` and removes
   * `trackerError`, and makes `findTaskByExternalId` find it. Once: false when the task does not
   * exist or is linked already (the first link stays).
   */
  linkExternalTask(taskId: string, externalId: string): Promise<boolean>;
  /** The task linked to the tracker's task `externalId`; undefined when none is (or it was erased). */
  findTaskByExternalId(externalId: string): Promise<RepTask | undefined>;
}
