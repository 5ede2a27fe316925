import { ContactGoneError } from "../errors";
import type { Contact } from "../model";
import { refreshAccount } from "./accounts";
import { countEnding } from "./count-facts";
import { type EngineDeps, ownerOf } from "./deps";
import { enroll } from "./enroll-contact";
import type { HandoffPayload } from "./payloads";
import { changeStage } from "./rules";
import { loadSituation } from "./situation";
import { awaitAnswer } from "./sla";
import { leadAnswerUrl } from "./sla-links";
import { handoffMessage } from "./slack-messages";
import { publishHandoff } from "./webhook-events";

/** Gives a contact without an owner one: a named owner, or the next in settings.owners round-robin. */
export async function assignOwner(
  deps: EngineDeps,
  contact: Contact,
  assign: string | undefined,
): Promise<string | undefined> {
  if (contact.owner || !assign) return contact.owner;
  const owners = deps.catalog.settings.owners;
  let owner: string | undefined = assign;
  if (assign === "round-robin") {
    if (owners.length === 0) return undefined;
    const n = await deps.store.increment("round-robin");
    owner = owners[(n - 1) % owners.length]!.id;
  }
  await deps.store.updateContact(contact.id, { owner }, deps.clock.now().toISOString());
  contact.owner = owner;
  await refreshAccount(deps, contact);
  return owner;
}

/**
 * The handoff task: set the stage (forward only), assign an owner, tell sales on Slack, enroll the
 * contact in the sequence, then mark the drip's enrollment handed off. Every step is idempotent, so
 * Step Functions may retry the task after any crash.
 */
export async function handOff(
  deps: EngineDeps,
  payload: HandoffPayload,
): Promise<{ enrollmentId?: string; status: string }> {
  const situation = await loadSituation(deps, payload.contactId, payload.enrollmentId).catch(
    (error: unknown) => {
      // The Hand off state catches nothing: an erased contact's handoff ends the execution quietly.
      if (error instanceof ContactGoneError) return undefined;
      throw error;
    },
  );
  if (!situation) return { status: "erased" };
  const h = payload.handoff;
  if (situation.enrollment.status !== "active" && situation.enrollment.status !== "handed-off")
    return { status: situation.enrollment.status };
  if (h.setStage)
    await changeStage(deps, situation.contact, h.setStage, {
      by: `handoff:${situation.workflow.id}`,
      reason: `handed to ${h.to}`,
      direction: "forward-only",
      except: situation.enrollment.id,
    });
  const owner = await assignOwner(deps, situation.contact, h.assign);
  const result = await enroll(deps, situation.contact.id, h.to, {
    enrollmentId: situation.enrollment.id,
    workflowId: situation.workflow.id,
    why: "handoff",
  });
  const end = {
    status: "handed-off" as const,
    reason: `handed to ${h.to}`,
    endedAt: situation.now.toISOString(),
  };
  const first = await deps.store.updateEnrollment(situation.contact.id, situation.enrollment.id, end, [
    "active",
  ]);
  // A retry finds it handed off already: counted again, once, in case the first attempt died first.
  const ended = first ? { ...situation.enrollment, ...end } : situation.enrollment;
  await countEnding(deps, ended);
  await publishHandoff(deps, { contact: situation.contact, from: ended, to: h.to, owner });
  const lead = { contact: situation.contact, owner, handedOffBy: situation.enrollment.id };
  const awaiting = result.status === "refused" ? undefined : await awaitAnswer(deps, { ...lead, ...result });
  if (first && h.notify) {
    const assigned = ownerOf(deps, owner);
    const text = handoffMessage(deps, {
      contact: situation.contact,
      ...(assigned ? { owner: assigned } : {}),
      workflow: { id: situation.workflow.id, name: situation.workflow.name },
      to: h.to,
      score: situation.score,
      ...(h.notify.message ? { message: h.notify.message } : {}),
      ...(awaiting ? { answerUrl: leadAnswerUrl(deps, awaiting) } : {}),
    });
    await deps.slack.post(h.notify.slack, text);
  }
  return {
    status: result.status,
    ...(result.status !== "refused" ? { enrollmentId: result.enrollment.id } : {}),
  };
}
