/** The memory store's rep tasks, listed by owner as DynamoDB's owner index lists them. */
import type { TaskStore } from "../../core/contact-store";
import { copyWithoutUndefined } from "../../core/deep-copy";
import { applyPatch, isEmptyPatch, splitPatch, taskPatchRules } from "../../core/patch";
import { compareKeys, taskGsiSk, taskStatusPrefix } from "../single-table/keys";
import type { MemoryTables } from "./memory-tables";

export class MemoryTasks implements TaskStore {
  constructor(private readonly tables: MemoryTables) {}

  readonly createTask: TaskStore["createTask"] = async (task) => {
    if (this.tables.tasks.has(task.id)) return false;
    this.tables.tasks.set(task.id, copyWithoutUndefined(task));
    return true;
  };

  readonly getTask: TaskStore["getTask"] = async (id) => {
    const task = this.tables.tasks.get(id);
    return task && copyWithoutUndefined(task);
  };

  readonly updateTask: TaskStore["updateTask"] = async (id, patch, onlyIf) => {
    const task = this.tables.tasks.get(id);
    if (!task || (onlyIf !== undefined && !onlyIf.includes(task.status))) return false;
    const split = splitPatch(patch, taskPatchRules);
    if (!isEmptyPatch(split)) this.tables.tasks.set(id, applyPatch(task, split));
    return true;
  };

  readonly linkExternalTask: TaskStore["linkExternalTask"] = async (taskId, externalId) => {
    const task = this.tables.tasks.get(taskId);
    if (!task || task.externalId !== undefined) return false;
    const { trackerError: _dropped, ...rest } = task;
    this.tables.tasks.set(taskId, { ...rest, externalId });
    return true;
  };

  /** A scan: the memory store holds a simulation's tasks (DynamoDB reads one lookup item). */
  readonly findTaskByExternalId: TaskStore["findTaskByExternalId"] = async (externalId) => {
    const task = [...this.tables.tasks.values()].find((t) => t.externalId === externalId);
    return task && copyWithoutUndefined(task);
  };

  readonly listTasks: TaskStore["listTasks"] = async (owner, status) => {
    const prefix = status === undefined ? "" : taskStatusPrefix(status);
    const rows = [...this.tables.tasks.values()]
      .filter((task) => task.owner === owner)
      .map((task) => ({ task, sk: taskGsiSk(task.status, task.deadline) }))
      .filter(({ sk }) => sk.startsWith(prefix));
    rows.sort((a, b) => compareKeys(a.sk, b.sk) || compareKeys(a.task.id, b.task.id));
    return rows.map(({ task }) => copyWithoutUndefined(task));
  };
}
