/**
 * The SLA's timer locally: on AWS a sweep runs every minute (functions/sla-sweep.ts); here the
 * runtime sweeps exactly when the virtual clock reaches an accept task's deadline, in time order
 * with everything else it schedules, so a run stays deterministic.
 */
import type { ContactStore } from "../core/contact-store";
import type { RepTask } from "../core/model";
import { aroundMethods } from "./around-methods";

/** `store`, telling `due` the deadline (ms since the epoch) of every accept task it creates. */
export function timedAcceptTasks(store: ContactStore, due: (at: number) => void): ContactStore {
  return aroundMethods(store, async (name, args, call) => {
    const result = await call();
    const task = args[0] as RepTask | undefined;
    if (name === "createTask" && result === true && task?.task === "accept") due(Date.parse(task.deadline));
    return result;
  });
}
