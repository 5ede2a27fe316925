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
}
