/**
 * Misses of the sales–marketing agreement: an accept task still open past its deadline. The sweep
 * (a scheduled function, functions/sla-sweep.ts; the local runtime at each deadline) reads each
 * owner's open tasks (one query per owner of settings.owners) and, for each missed accept task,
 * counts the miss, tells `onMiss.notify` once, and reassigns the lead once to the next owner with
 * no deadline (the new owner is not timed again for that handoff).
 *
 * Two sweeps at once: the next owner is a function of the task as read (never the store's
 * round-robin counter), so both write the same reassignment; the count is once per task (countOnce)
 * and the Slack message is claimed by one conditional put (rememberOnce), so it is posted once. The
 * message and the count come before the task leaves the due set, so a sweep that dies half-way is
 * finished by the next one (the message then at most once).
 */
import type { Owner, Sla } from "../language";
import type { RepTask } from "../model";
import { dayOf, SLA_SCOPE, slaCounter } from "../reports/counter-names";
import { refreshAccount } from "./accounts";
import { type EngineDeps, ownerOf } from "./deps";
import { NOT_TIMED } from "./sla";
import { slaMissMessage } from "./slack-messages";

/** How long a sweep remembers that it told Slack of a miss: longer than any task stays open. */
const NOTIFIED_MEMORY_SECONDS = 400 * 86400;

export interface SweepOutcome {
  /** The accept tasks reassigned by this sweep, with their new owner. */
  reassigned: Array<{ taskId: string; contactId: string; from?: string; to?: string }>;
}

/**
 * Who gets a missed lead: the named owner unless they are the one who missed it, else the owner
 * after the current one in settings.owners (round-robin, skipping the current owner); undefined
 * when there is no other owner.
 */
export function nextOwner(
  owners: readonly Owner[],
  reassign: string,
  current: string | undefined,
): Owner | undefined {
  if (reassign !== "round-robin" && reassign !== current) {
    const named = owners.find((o) => o.id === reassign);
    if (named) return named;
  }
  const index = owners.findIndex((o) => o.id === current);
  for (let step = 1; step <= owners.length; step++) {
    const candidate = owners[(index + step) % owners.length]!;
    if (candidate.id !== current) return candidate;
  }
  return undefined;
}

/** Every open accept task past its deadline, owner by owner (bounded by settings.owners). */
async function missedTasks(deps: EngineDeps, now: string): Promise<RepTask[]> {
  const missed: RepTask[] = [];
  for (const owner of deps.catalog.settings.owners) {
    const open = await deps.store.listTasks(owner.id, "open");
    missed.push(...open.filter((task) => task.task === "accept" && task.deadline <= now));
  }
  return missed;
}

/** The use case: finds every missed accept task and handles each (handleMiss). */
export async function sweepSlaMisses(deps: EngineDeps): Promise<SweepOutcome> {
  const sla = deps.catalog.settings.sla;
  const outcome: SweepOutcome = { reassigned: [] };
  if (!sla) return outcome;
  const now = deps.clock.now();
  for (const task of await missedTasks(deps, now.toISOString())) {
    const to = await handleMiss(deps, sla, task, now);
    outcome.reassigned.push({
      taskId: task.id,
      contactId: task.contactId,
      ...(task.owner ? { from: task.owner } : {}),
      ...(to ? { to } : {}),
    });
  }
  return outcome;
}

/** One miss: counted, told once, the contact and the task given to the next owner, untimed. */
async function handleMiss(deps: EngineDeps, sla: Sla, task: RepTask, now: Date): Promise<string | undefined> {
  const missedBy = task.owner;
  const next = nextOwner(deps.catalog.settings.owners, sla.onMiss.reassign, missedBy);
  if (missedBy)
    await deps.store.countOnce({
      id: `sla:missed:${task.id}`,
      contactId: task.contactId,
      adds: [
        { scope: SLA_SCOPE, day: dayOf(task.createdAt), counts: { [slaCounter(missedBy, "missed")]: 1 } },
      ],
    });
  const contact = await deps.store.getContact(task.contactId);
  const notify = sla.onMiss.notify;
  if (contact && notify) {
    const expiresAt = new Date(now.getTime() + NOTIFIED_MEMORY_SECONDS * 1000);
    if (await deps.store.rememberOnce(`sla-missed:${task.id}`, { now, expiresAt })) {
      const text = slaMissMessage({
        contact,
        missedBy: ownerOf(deps, missedBy),
        to: next,
        within: sla.acceptWithin,
      });
      await deps.slack.post(notify.slack, text);
    }
  }
  if (contact && next && contact.owner === missedBy) {
    await deps.store.updateContact(contact.id, { owner: next.id }, now.toISOString());
    await refreshAccount(deps, { ...contact, owner: next.id });
  }
  await deps.store.updateTask(task.id, { ...(next ? { owner: next.id } : {}), deadline: NOT_TIMED }, [
    "open",
  ]);
  return next?.id;
}
