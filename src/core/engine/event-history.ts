import type { EngagementEvent } from "../model";
import type { ContactView } from "../ports";

/**
 * A contact's events as conditions and scoring see them: the stored events plus an `email.sent`
 * for every email in the send ledger (derived, not stored twice), in time order.
 */
export function timeline(view: ContactView): EngagementEvent[] {
  // A claim without a message id, or an uncertain entry, is an email that may have gone (its SES
  // call ended without an answer): it counts as sent, at its claim time.
  const sent: EngagementEvent[] = view.sends
    .filter((send) => send.status === "sent" || send.status === "claimed" || send.status === "uncertain")
    .map((send) => ({
      id: `sent:${send.enrollmentId}:${send.stepId}`,
      contactId: send.contactId,
      name: "email.sent",
      at: send.sentAt ?? send.claimedAt,
      properties: {},
      enrollmentId: send.enrollmentId,
      workflowId: send.workflowId,
      stepId: send.stepId,
      ...(send.messageId ? { messageId: send.messageId } : {}),
    }));
  if (sent.length === 0) return view.events;
  return [...view.events, ...sent].sort((a, b) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1,
  );
}
