import type { Contact } from "../model";
import type { EngineDeps } from "./deps";

export function stageIndex(deps: EngineDeps, stage: string): number {
  return deps.catalog.scoring.stages.indexOf(stage);
}

/**
 * Moves a contact's stage and records who moved it and why. `forwardOnly` (scoring, handoffs)
 * never moves a contact back; explicit setStage steps and onComplete may. Returns the new stage.
 */
export async function moveStage(
  deps: EngineDeps,
  contact: Contact,
  to: string,
  by: string,
  reason: string,
  forwardOnly: boolean,
): Promise<string> {
  if (contact.stage === to) return to;
  if (forwardOnly && stageIndex(deps, to) <= stageIndex(deps, contact.stage)) return contact.stage;
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
    if (!fresh || fresh.stage === to) return to;
    return moveStage(deps, fresh, to, by, reason, forwardOnly);
  }
  contact.stage = to;
  return to;
}
