import type { Contact } from "../model";
import { countLastStageChange, countStageChange } from "./count-facts";
import type { EngineDeps } from "./deps";

export function stageIndex(deps: EngineDeps, stage: string): number {
  return deps.catalog.scoring.stages.indexOf(stage);
}

/** Who moves a contact's stage, why, and whether the move may go back. */
export interface StageMove {
  by: string;
  reason: string;
  /** "forward-only" (scoring, handoffs) never moves a contact back; setStage steps, onComplete and the API may. */
  direction: "forward-only" | "any";
}

/**
 * Moves a contact's stage and records who moved it and why. Returns the stage the contact is in.
 * Only the move: engine code that moves a stage outside the rules engine calls changeStage
 * (rules.ts), which lets the rules react.
 */
export async function moveStage(
  deps: EngineDeps,
  contact: Contact,
  to: string,
  move: StageMove,
): Promise<string> {
  if (contact.stage === to) {
    // Already there: maybe moved by an attempt that died before counting the move.
    await countLastStageChange(deps, contact.id);
    return to;
  }
  if (move.direction === "forward-only" && stageIndex(deps, to) <= stageIndex(deps, contact.stage))
    return contact.stage;
  const change = {
    contactId: contact.id,
    from: contact.stage,
    to,
    at: deps.clock.now().toISOString(),
    by: move.by,
    reason: move.reason,
  };
  const moved = await deps.store.changeStage(change);
  if (!moved) {
    // Someone moved it meanwhile: decide again against the stored stage.
    const fresh = await deps.store.getContact(contact.id);
    if (!fresh) return contact.stage;
    contact.stage = await moveStage(deps, fresh, to, move);
    return contact.stage;
  }
  await countStageChange(deps, change);
  contact.stage = to;
  return to;
}
