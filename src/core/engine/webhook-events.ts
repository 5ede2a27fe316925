/**
 * Facts become webhook events (docs/webhooks.md): each publisher is called, like the counting of
 * src/core/engine/count-facts.ts, on every attempt that reaches its fact, and derives the event's id
 * from the fact alone, so a retry publishes the same id and the receiver deduplicates. Nothing is
 * built when no outbox is wired or no webhook subscribed to the name. A publish that fails throws:
 * the use case is retried, and the event is not lost.
 */
import { createHash } from "node:crypto";
import { conversionAmount } from "../attribution/touch";
import { isSubscribed, type WebhookEvent } from "../integrations/webhooks";
import { conversionEventsOf, type WebhookEventName } from "../language/vocabulary";
import type { Contact, EngagementEvent, Enrollment, StageChange } from "../model";
import { isSmokeWorkflow } from "../smoke";
import type { EngineDeps } from "./deps";

/** A use case's deps: without an outbox (or a catalog, in some unit tests) nothing is published. */
type Publishing = Partial<Pick<EngineDeps, "webhooks" | "catalog">>;

/** `evt_` and 32 hex digits of the SHA-256 of the event's name and its fact's key: safe in a header. */
export function webhookEventId(name: WebhookEventName, factKey: string): string {
  return `evt_${createHash("sha256").update(`${name}\u0000${factKey}`).digest("hex").slice(0, 32)}`;
}

function wanted(deps: Publishing, name: WebhookEventName): boolean {
  return deps.webhooks !== undefined && isSubscribed(deps.catalog?.settings.webhooks ?? [], name);
}

interface Fact {
  name: WebhookEventName;
  /** Unique among the facts of this name, the same on every attempt (scoped by the contact when ids are). */
  key: string;
  at: string;
  contactId: string;
  data: Record<string, unknown>;
}

/** The workflow a fact is of, when it is of one (`from` for a handoff). */
function workflowOf(fact: Fact): unknown {
  return fact.name === "handoff" ? fact.data.from : fact.data.workflowId;
}

/** Publishes a fact to the subscribed webhooks; none of the smoke test's workflows (src/core/smoke.ts). */
async function publish(deps: Publishing, fact: Fact): Promise<void> {
  if (!wanted(deps, fact.name) || !deps.webhooks || !deps.catalog) return;
  const workflow = workflowOf(fact);
  if (typeof workflow === "string" && isSmokeWorkflow(workflow)) return;
  const { name, at, contactId, data } = fact;
  const event: WebhookEvent = { id: webhookEventId(name, fact.key), name, at, contactId, data };
  await deps.webhooks.publish(event, deps.catalog.settings.webhooks);
}

/** `stage.changed`, by the move's history entry (count-facts.ts countStageChange). */
export async function publishStageChange(
  deps: Publishing,
  change: Pick<StageChange, "contactId" | "from" | "to" | "at">,
): Promise<void> {
  const { contactId, from, to, at } = change;
  const data = { from, to };
  await publish(deps, { name: "stage.changed", key: `${contactId}|${at}#${to}`, at, contactId, data });
}

/** `enrollment.ended`, for every ending (count-facts.ts countEnding); nothing while it is active. */
export async function publishEnding(
  deps: Publishing,
  enrollment: Pick<Enrollment, "id" | "contactId" | "workflowId" | "status" | "endedAt">,
): Promise<void> {
  const { id, contactId, workflowId, status, endedAt } = enrollment;
  if (status === "active" || endedAt === undefined) return;
  const data = { enrollmentId: id, workflowId, status };
  const key = `${contactId}|${id}|${endedAt}`;
  await publish(deps, { name: "enrollment.ended", key, at: endedAt, contactId, data });
}

/** `handoff`: the drip's enrollment handed the contact to `to` (handoff.ts), dated by its ending. */
export async function publishHandoff(
  deps: Publishing,
  handoff: {
    contact: Pick<Contact, "id" | "stage">;
    from: Pick<Enrollment, "id" | "workflowId" | "endedAt">;
    to: string;
    owner: string | undefined;
  },
): Promise<void> {
  const { contact, from, to, owner } = handoff;
  const at = from.endedAt ?? new Date(0).toISOString();
  const data = {
    from: from.workflowId,
    enrollmentId: from.id,
    to,
    stage: contact.stage,
    owner: owner ?? null,
  };
  const key = `${contact.id}|${from.id}`;
  await publish(deps, { name: "handoff", key, at, contactId: contact.id, data });
}

/** `task.created`: the task as stored (a retried step keeps the first attempt's task and time). */
export async function publishTaskCreated(
  deps: Publishing & Pick<EngineDeps, "store">,
  taskId: string,
): Promise<void> {
  if (!wanted(deps, "task.created")) return;
  const task = await deps.store.getTask(taskId);
  if (!task) return;
  const { contactId, createdAt: at } = task;
  const data = {
    taskId: task.id,
    task: task.task,
    title: task.title,
    owner: task.owner ?? null,
    workflowId: task.workflowId,
    stepId: task.stepId,
    deadline: task.deadline,
  };
  await publish(deps, { name: "task.created", key: task.id, at, contactId, data });
}

/** The webhook events that are events Handoff records under another name. */
const EVENT_NAMES: Readonly<Record<string, WebhookEventName>> = {
  "lead.accepted": "lead.accepted",
  "lead.rejected": "lead.rejected",
  "task.completed": "task.completed",
  "email.unsubscribe": "contact.unsubscribed",
};

/**
 * The webhook events of a recorded event (ingest.ts, on every delivery): lead.accepted,
 * lead.rejected, task.completed, contact.unsubscribed (email.unsubscribe) and conversion (an event
 * named in conversionEventsOf(settings)), with the event's properties.
 */
export async function publishEventFacts(deps: Publishing, event: EngagementEvent): Promise<void> {
  const { contactId, at } = event;
  const data = {
    event: event.name,
    properties: event.properties,
    ...(event.workflowId ? { workflowId: event.workflowId } : {}),
    ...(event.enrollmentId ? { enrollmentId: event.enrollmentId } : {}),
  };
  const key = `${contactId}|${event.id}`;
  const name = EVENT_NAMES[event.name];
  if (name) await publish(deps, { name, key, at, contactId, data });
  if (deps.catalog && conversionEventsOf(deps.catalog.settings).includes(event.name))
    await publish(deps, {
      name: "conversion",
      key,
      at,
      contactId,
      data: { ...data, amount: conversionAmount(event) },
    });
}
