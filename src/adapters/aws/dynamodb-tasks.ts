/**
 * The store's rep tasks on the single table (docs/data-model.md): an item per task outside the
 * contact's partition, referenced from it, listed by owner (GSI1 `OWNER#…`, by status and deadline).
 */
import type { TaskStore } from "../../core/contact-store";
import type { RepTask } from "../../core/model";
import { applyPatch, isEmptyPatch, taskPatchRules } from "../../core/patch";
import {
  externalTaskItem,
  fromItem,
  referenceItem,
  splitItemPatch,
  taskGsiKeys,
  taskItem,
} from "../single-table/items";
import { externalTaskKey, ownerGsiPk, taskKey, taskStatusPrefix } from "../single-table/keys";
import { Expressions } from "./dynamodb-expressions";
import type { DynamoDbTable } from "./dynamodb-table";

/** How often updateTask re-reads after losing a race before giving up. */
const TASK_UPDATE_ATTEMPTS = 10;

export class DynamoDbTasks implements TaskStore {
  constructor(private readonly table: DynamoDbTable) {}

  /** The reference in the contact's partition first: erasure then always finds the task. */
  readonly createTask: TaskStore["createTask"] = async (task) => {
    await this.table.put(referenceItem({ contactId: task.contactId, kind: "task", id: task.id }));
    const expr = new Expressions();
    return this.table.put(taskItem(task), { expr, text: expr.notExists("pk") });
  };

  readonly getTask: TaskStore["getTask"] = async (id) => this.table.getRecord<RepTask>(taskKey(id));

  /**
   * GSI1's sort key is `<status>#<deadline>` and an update cannot concatenate: so read, then write
   * conditional on the status and deadline read (which also keeps `onlyIf` true); a lost race re-reads.
   * The owner index key follows the patch alone, never a value read.
   */
  readonly updateTask: TaskStore["updateTask"] = async (id, patch, onlyIf) => {
    const split = splitItemPatch(patch, taskPatchRules);
    const set: Record<string, unknown> = { ...split.set };
    const remove = [...split.remove];
    if (typeof set.owner === "string") set.gsi1pk = ownerGsiPk(set.owner);
    if (remove.includes("owner")) remove.push("gsi1pk");
    for (let attempt = 0; attempt < TASK_UPDATE_ATTEMPTS; attempt++) {
      const current = await this.getTask(id);
      if (!current || (onlyIf !== undefined && !onlyIf.includes(current.status))) return false;
      if (isEmptyPatch(split)) return true;
      if ("status" in set || "deadline" in set) set.gsi1sk = taskGsiKeys(applyPatch(current, split)).gsi1sk;
      const expr = new Expressions();
      const update = expr.update(set, remove);
      const condition = `${expr.equals("status", current.status)} AND ${expr.equals("deadline", current.deadline)}`;
      if ((await this.table.update(taskKey(id), { expr, update, condition })).ok) return true;
    }
    throw new Error(`task ${id}: too many concurrent updates`);
  };

  /**
   * The contact's reference, then the lookup item, then the task (on condition it has no link
   * yet): a link cut short is finished by the next call, and erasure always finds the lookup.
   */
  readonly linkExternalTask: TaskStore["linkExternalTask"] = async (taskId, externalId) => {
    const task = await this.getTask(taskId);
    if (!task || task.externalId !== undefined) return false;
    const { contactId } = task;
    await this.table.put(referenceItem({ contactId, kind: "externalTask", id: externalId }));
    await this.table.put(externalTaskItem({ externalId, taskId, contactId }));
    const expr = new Expressions();
    const update = expr.update({ externalId }, ["trackerError"]);
    const condition = `${expr.exists("pk")} AND ${expr.notExists("externalId")}`;
    return (await this.table.update(taskKey(taskId), { expr, update, condition })).ok;
  };

  readonly findTaskByExternalId: TaskStore["findTaskByExternalId"] = async (externalId) => {
    const link = await this.table.get(externalTaskKey(externalId));
    if (!link) return undefined;
    const task = await this.getTask(fromItem<{ taskId: string }>(link).taskId);
    return task?.externalId === externalId ? task : undefined;
  };

  readonly listTasks: TaskStore["listTasks"] = async (owner, status) =>
    this.table.queryRecords<RepTask>({
      index: "GSI1",
      partition: ownerGsiPk(owner),
      ...(status === undefined ? {} : { prefix: taskStatusPrefix(status) }),
    });
}
