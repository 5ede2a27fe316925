import type { Catalog } from "../../core/engine/deps";
import type { Condition, ContactInput, Workflow } from "../../core/language";
import { marketerWorkflows } from "../../core/smoke";
import { type Act, actOf, isBuiltIn } from "./activity";
import { Random } from "./random";

/** `workflow` names no campaign or sequence of the workspace (or it has none at all). */
export class UnknownWorkflowError extends Error {
  override name = "UnknownWorkflowError";
  constructor(
    readonly requested: string | undefined,
    /** The campaigns and sequences there are, in id order. */
    readonly known: readonly string[],
  ) {
    super(
      requested === undefined
        ? "there is no campaign or sequence to simulate"
        : `'${requested}' names no campaign or sequence; there are ${known.join(", ") || "none"}`,
    );
  }
}

/**
 * The workflow prospects start in: `requested`, else the workspace's entry campaign. The entry is
 * where contacts come in from outside: a campaign (before a sequence) that no workflow hands off
 * to or enrolls on completion, one with an `enrollWhen` before one without, then the first by id.
 * In the samples that is trial-nurture.
 */
export function entryWorkflow(catalog: Catalog, requested?: string): Workflow {
  const all = marketerWorkflows(catalog.workflows.values()).sort((a, b) =>
    a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
  );
  if (requested !== undefined) {
    const chosen = catalog.workflows.get(requested);
    if (!chosen)
      throw new UnknownWorkflowError(
        requested,
        all.map((workflow) => workflow.id),
      );
    return chosen;
  }
  const targets = new Set(
    all.flatMap((workflow) => [
      workflow.kind === "campaign" ? workflow.handoff?.to : undefined,
      workflow.onComplete?.enroll,
    ]),
  );
  const rank = (w: Workflow) =>
    (w.kind === "campaign" ? 0 : 4) + (targets.has(w.id) ? 2 : 0) + (w.enrollWhen ? 0 : 1);
  const entry = all.reduce<Workflow | undefined>(
    (best, w) => (!best || rank(w) < rank(best) ? w : best),
    undefined,
  );
  if (!entry) throw new UnknownWorkflowError(undefined, []);
  return entry;
}

/** True when events alone can make the condition true (a score, stage or attribute cannot). */
function producible(condition: Condition): boolean {
  if ("all" in condition) return condition.all.some(producible);
  if ("any" in condition) return condition.any.some(producible);
  return "event" in condition && !isBuiltIn(condition.event);
}

/**
 * Events that make an `enrollWhen` true, as the product or website would send them when a prospect
 * starts: every event of an `all`, one producible alternative of an `any` (chosen with `random`). Score,
 * stage, attribute and `not` parts are left to the rules engine, as in production. Empty when no
 * event can enroll the prospect: then it is enrolled through the enrollment API.
 */
export function entryActs(condition: Condition | undefined, random: Random): Act[] {
  if (!condition || !producible(condition)) return [];
  if ("all" in condition) return condition.all.flatMap((part) => entryActs(part, random));
  if ("any" in condition) return entryActs(random.pick(condition.any.filter(producible)), random);
  return "event" in condition ? [actOf(condition)] : [];
}

/**
 * What the product or website posts to /events when the prospect starts: the events that make the
 * workflow's `enrollWhen` true, the first identifying the prospect (the rules engine scores it and
 * enrolls it where enrollWhen holds), each with an id of its own. Empty: enroll through the API.
 */
export function entryEvents(workflow: Workflow, contact: ContactInput, seed: number) {
  const acts = entryActs(workflow.enrollWhen, Random.for(seed, contact.id, "entry"));
  return acts.flatMap((act, i) =>
    Array.from({ length: act.times }, (_, j) => ({
      id: `entry/${contact.id}/${i + 1}/${j + 1}`,
      ...(i === 0 && j === 0 ? { contact } : { contactId: contact.id }),
      event: act.event,
      properties: act.properties,
    })),
  );
}
