/** Posting the event a check sends to the stage (POST /events), its refusal as the check's failure. */
import { ApiAnswerError } from "../api-target";
import { causeOfReason, type ReasonCauses, SmokeCheckFailed } from "./causes";
import type { CheckContext } from "./check-context";

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
