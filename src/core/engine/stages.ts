import type { Contact } from "../model";
import type { EngineDeps } from "./deps";

export function stageIndex(deps: EngineDeps, stage: string): number {
  return deps.catalog.scoring.stages.indexOf(stage);
}

/**
 * Moves a contact's stage and records who moved it and why. "forward-only" (scoring, handoffs)
 * never moves a contact back; explicit setStage steps, onComplete and the API may. Returns the
 * stage the contact is in. Only the move: engine code that moves a stage outside the rules engine
 * calls changeStage (rules.ts), which lets the rules react.
 */
export async function moveStage(
  deps: EngineDeps,
  contact: Contact,
  to: string,
  by: string,
  reason: string,
  direction: "forward-only" | "any",
): Promise<string> {
  if (contact.stage === to) return to;
  if (direction === "forward-only" && stageIndex(deps, to) <= stageIndex(deps, contact.stage))
    return contact.stage;
  const moved = await deps.store.changeStage({
    contactId: contact.id,
    from: contact.stage,
    to,
    at: deps.clock.now().toISOString(),
    by,
    reason,
  });
  if (!moved) {
    // Someone moved it meanwhile: decide again against the stored stage.
    const fresh = await deps.store.getContact(contact.id);
    if (!fresh) return contact.stage;
    contact.stage = await moveStage(deps, fresh, to, by, reason, direction);
    return contact.stage;
  }
  contact.stage = to;
  return to;
}
