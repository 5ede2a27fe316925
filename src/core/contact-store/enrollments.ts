/** The contact's enrollments in workflows, and the status index across contacts. */
import type { Enrollment, EnrollmentStatus } from "../model";
import type { EnrollmentPatch } from "../patch";

/** One page of a list: `cursor` asks for the next one, and is absent on the last. */
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface EnrollmentStore {
  /** Creates an enrollment; false when that (contact, workflow, seq) exists already. */
  createEnrollment(enrollment: Enrollment): Promise<boolean>;
  getEnrollment(contactId: string, enrollmentId: string): Promise<Enrollment | undefined>;
  listEnrollments(contactId: string, workflowId?: string): Promise<Enrollment[]>;
  /** Applies `patch` when the enrollment's status is one of `onlyIf` (default: any). False otherwise. */
  updateEnrollment(
    contactId: string,
    enrollmentId: string,
    patch: EnrollmentPatch,
    onlyIf?: EnrollmentStatus[],
  ): Promise<boolean>;
  /**
   * Enrollments in one status across all contacts (optionally of one workflow), oldest first, a
   * page at a time: the failed ones for an operator to redrive. Read from an index: may lag a write
   * by a moment. Throws InvalidCursorError for a cursor this list did not give out.
   */
  listEnrollmentsByStatus(
    status: EnrollmentStatus,
    page: { workflowId?: string; limit: number; cursor?: string },
  ): Promise<Page<Enrollment>>;
  /** Removes the pause if it still holds `token`. */
  clearPause(contactId: string, enrollmentId: string, token: string): Promise<boolean>;
  /**
   * The enrollments whose scheduled start falls in one minute (`YYYY-MM-DDTHH:MM`, UTC): their
   * start second (`startSlot` when reserved, else `startsAt`) is in it; in start order, then by
   * contact. Read from a sparse index (docs/data-model.md): may lag a write by a moment.
   */
  listScheduledStarts(minute: string): Promise<ScheduledStart[]>;
  /**
   * Removes `startsAt` (and the enrollment from the scheduled starts) if it still is `startsAt`:
   * true for the one caller that claims the start. `startSlot` stays (the first email reads it).
   */
  clearScheduledStart(contactId: string, enrollmentId: string, startsAt: string): Promise<boolean>;
}

/** What the scheduled-starts index holds of an enrollment: enough to start its execution. */
export type ScheduledStart = Pick<
  Enrollment,
  "id" | "contactId" | "workflowId" | "executionName" | "startSlot"
> & {
  startsAt: string;
};

/** The epoch second a scheduled start is due: its reserved second under the send rate, else `startsAt`. */
export function startSecondOf(start: Pick<Enrollment, "startsAt" | "startSlot">): number {
  return start.startSlot ?? Math.ceil(Date.parse(start.startsAt ?? "") / 1000);
}

/** The UTC minute (`YYYY-MM-DDTHH:MM`) an epoch second falls in: how scheduled starts are listed. */
export function minuteOf(second: number): string {
  return new Date(second * 1000).toISOString().slice(0, 16);
}
