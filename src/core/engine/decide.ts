import { createHash } from "node:crypto";
import { GotoSignal } from "../errors";
import type { EngineDeps } from "./deps";
import type { DecidePayload } from "./payloads";
import { guard, holds, loadSituation } from "./situation";

/** A stable number in [0, 100) for a contact and a split: the same contact always gets the same variant. */
export function bucket(contactId: string, key: string): number {
  const digest = createHash("sha256").update(`${key}\u0000${contactId}`).digest();
  return (digest.readUInt32BE(0) / 2 ** 32) * 100;
}

/**
 * Branch and split. Returns for the first target (the state's Next) and throws a Goto signal for
 * any other, which the compiled machine routes with a catcher.
 */
export async function decideStep(deps: EngineDeps, payload: DecidePayload): Promise<{ next: string }> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId);
  await guard(deps, situation);
  const step = payload.step;
  let next: string;
  let first: string;
  if (step.type === "branch") {
    first = step.then;
    next = holds(deps, situation, step.if) ? step.then : step.else;
  } else {
    first = step.variants[0]!.next;
    const total = step.variants.reduce((sum, v) => sum + v.weight, 0);
    const point = (bucket(situation.contact.id, `${payload.workflow}/${step.id}`) / 100) * total;
    let acc = 0;
    next = step.variants.at(-1)!.next;
    for (const v of step.variants) {
      acc += v.weight;
      if (point < acc) {
        next = v.next;
        break;
      }
    }
  }
  if (next !== first) throw new GotoSignal(next);
  return { next };
}
