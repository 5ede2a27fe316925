/** The contact's engagement events, and the callers' event ids claimed once. */
import type { EngagementEvent } from "../model";

/**
 * Which of a contact's events a read returns: those at or after `since`, and of them only the
 * newest `limit` (none for 0), still in time order. What keeps a request's work bounded however
 * many events a contact has (docs/data-model.md, "Bounded reads").
 */
export interface EventWindow {
  since?: string;
  limit: number;
}

export interface EventStore {
  /** Stores an event once: false when an event with the same id (and time) was stored before. */
  recordEvent(event: EngagementEvent): Promise<boolean>;
  /**
   * Claims a caller's event id for a contact whatever the event's time (recordEvent alone tells
   * events apart by id and time): `at` of the first claim, which the event is recorded at, and
   * whether this call made the claim.
   */
  claimEventId(contactId: string, eventId: string, at: string): Promise<{ claimed: boolean; at: string }>;
  /** A contact's events in time order, optionally only those at or after `since`, and only the newest `limit`. */
  listEvents(contactId: string, since?: string, limit?: number): Promise<EngagementEvent[]>;
}
