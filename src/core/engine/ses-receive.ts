import { TransientError } from "../errors";
import type { EngineDeps } from "./deps";
import { ingestEvent } from "./ingest";
import { mapSesEvent, recordsSesEvent, type SesEventDetail } from "./ses-events";
import { type EmailIdentity, identityFromTags, TAG_SCHEME } from "./ses-tags";

export type SesEventOutcome = { event: string; duplicate: boolean } | { ignored: string };

/**
 * One SES event, as functions/ses-events.ts receives it: find the email it is about, record it
 * once, and let the rules react (suppress on a bounce or complaint, interrupt, score).
 */
export async function receiveSesEvent(deps: EngineDeps, detail: SesEventDetail): Promise<SesEventOutcome> {
  const identity = await emailOf(deps, detail);
  const mapped = mapSesEvent(detail, identity);
  if (!mapped) {
    if (!identity && recordsSesEvent(detail) && detail.mail.tags?.[TAG_SCHEME.name]) {
      // One of our emails whose contact id did not fit a tag, and the ledger does not know its
      // message id yet (index lag): fail, so the invocation is retried (then dead-lettered).
      throw new TransientError(
        `SES ${detail.eventType} event for message ${detail.mail.messageId}: no email in the send ledger has that message id yet`,
      );
    }
    return { ignored: detail.eventType };
  }
  const result = await ingestEvent(deps, mapped);
  return { event: mapped.name, duplicate: result.duplicate };
}

/**
 * The email an SES event is about: from its tags when they name it fully, else from the send
 * ledger by message id (a contact id too long for a tag, an email sent before the tags were
 * reversible). Undefined when neither knows it.
 */
export async function emailOf(deps: EngineDeps, detail: SesEventDetail): Promise<EmailIdentity | undefined> {
  const tagged = identityFromTags(detail.mail.tags);
  if (tagged?.enrollmentId && tagged.stepId) return tagged;
  const send = await deps.store.findSendByMessageId(detail.mail.messageId);
  if (!send) return tagged;
  const { contactId, enrollmentId, workflowId, stepId } = send;
  return { contactId, enrollmentId, workflowId, stepId };
}
