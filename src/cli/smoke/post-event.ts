/** Posting the event a check sends to the stage (POST /events), its refusal as the check's failure. */
import { SMOKE_CAMPAIGN } from "../../core/smoke";
import { ApiAnswerError } from "../api-target";
import { causeOfReason, type ReasonCauses, SmokeCheckFailed } from "./causes";
import type { CheckContext } from "./check-context";
import { enrollmentIn, entries } from "./contact-state";
import { waitFor } from "./wait";

/** Posts `event` for the contact; a refusal fails the check with the API's reason and its cause. */
export async function postSmokeEvent(
  ctx: CheckContext,
  contactId: string,
  event: string,
  causes: ReasonCauses,
): Promise<void> {
  try {
    await ctx.api.event(contactId, event);
  } catch (error) {
    if (!(error instanceof ApiAnswerError)) throw error;
    throw new SmokeCheckFailed(error.message, causeOfReason(error.reason, causes));
  }
}

/**
 * Posts `event` to the contact's paused smoke enrollment until the stage stamps it after the
 * enrollment's start. Rules count only events after that instant (an event at it is taken as the
 * one that started the enrollment: src/core/engine/situation.ts); a deployed stage's clock always
 * moves on, but a local serve's virtual clock follows the wall clock in steps, and may stamp an
 * event posted at once with the enrollment's own time. Posting the same event again is harmless.
 */
export async function postToPause(
  ctx: CheckContext,
  contactId: string,
  event: string,
  causes: ReasonCauses,
): Promise<void> {
  const stampedAfterStart = async () => {
    await postSmokeEvent(ctx, contactId, event, causes);
    const contact = await ctx.api.contact(contactId);
    const started = enrollmentIn(contact, SMOKE_CAMPAIGN)?.startedAt ?? "";
    return entries(contact, event).some((entry) => entry.at > started);
  };
  await waitFor(stampedAfterStart, (stamped) => stamped, ctx.budget);
}
