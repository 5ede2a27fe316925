/** The rep tasks: one per (enrollment, task step), listed by owner. */
import type { RepTask, RepTaskStatus } from "../model";
import type { TaskPatch } from "../patch";

export interface TaskStore {
  createTask(task: RepTask): Promise<boolean>;
  getTask(id: string): Promise<RepTask | undefined>;
  updateTask(id: string, patch: TaskPatch, onlyIf?: RepTaskStatus[]): Promise<boolean>;
  listTasks(owner: string, status?: RepTaskStatus): Promise<RepTask[]>;
}
