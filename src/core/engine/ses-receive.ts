import { TransientError } from "../errors";
import type { EngineDeps } from "./deps";
import { ingestEvent } from "./ingest";
import { mapSesEvent, recordsSesEvent, type SesEventDetail } from "./ses-events";
import { type EmailIdentity, identityFromTags, TAG_SCHEME } from "./ses-tags";
import { settleFromSesEvent } from "./uncertain-sends";

export type SesEventOutcome =
  | { event: string; duplicate: boolean }
  | { ignored: string }
  | { settled: boolean };

/**
 * One SES event, as functions/ses-events.ts receives it: find the email it is about; a Send event
 * settles the email's ledger entry if its send was uncertain; other events are recorded once and
 * the rules react (suppress on a bounce or complaint, interrupt, score).
 */
export async function receiveSesEvent(deps: EngineDeps, detail: SesEventDetail): Promise<SesEventOutcome> {
  const settles = detail.eventType === "Send";
  if (!settles && !recordsSesEvent(detail)) return { ignored: detail.eventType };
  const identity = await emailOf(deps, detail);
  if (settles)
    return { settled: identity !== undefined && (await settleFromSesEvent(deps, identity, detail.mail)) };
  const mapped = mapSesEvent(detail, identity);
  if (mapped) {
    const result = await ingestEvent(deps, mapped);
    return { event: mapped.name, duplicate: result.duplicate };
  }
  // One of our emails whose contact id did not fit a tag, and the ledger does not know its message
  // id yet (index lag): fail, so the invocation is retried (then dead-lettered, and alarmed).
  if (detail.mail.tags?.[TAG_SCHEME.name])
    throw new TransientError(
      `SES ${detail.eventType} event for message ${detail.mail.messageId}: no email in the send ledger has that message id yet`,
    );
  return { ignored: detail.eventType };
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
