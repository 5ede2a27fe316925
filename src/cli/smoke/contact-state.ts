/**
 * What a smoke check reads from a contact (GET /contacts/{id}): its timeline's entries by kind and
 * place, and its enrollments. Pure; an absent contact (not created yet, or erased) reads as empty.
 */
import type { ContactDetail, EnrollmentSummary, TimelineEntry } from "../../core/reports/report-types";

/** Where an entry came from: a workflow, and a step of it. */
export interface Place {
  workflow?: string;
  step?: string;
}

/** The contact's timeline entries of `kind` (from `place`, when given). */
export function entries(
  contact: ContactDetail | undefined,
  kind: string,
  place: Place = {},
): TimelineEntry[] {
  return (contact?.timeline ?? []).filter(
    (entry) =>
      entry.kind === kind &&
      (place.workflow === undefined || entry.workflow === place.workflow) &&
      (place.step === undefined || entry.step === place.step),
  );
}

export function has(contact: ContactDetail | undefined, kind: string, place: Place = {}): boolean {
  return entries(contact, kind, place).length > 0;
}

/** The contact's latest enrollment in `workflow`. */
export function enrollmentIn(
  contact: ContactDetail | undefined,
  workflow: string,
): EnrollmentSummary | undefined {
  return contact?.enrollments.filter((e) => e.workflow === workflow).at(-1);
}

/** The reason an enrollment of the contact failed (its execution's error), if one did. */
export function failureReason(contact: ContactDetail | undefined): string | undefined {
  const failed = contact?.enrollments.find((e) => e.status === "failed");
  return failed ? (failed.reason ?? "no reason given") : undefined;
}

/** Why the contact's emails were skipped (an `email.skipped` entry's text), if any was. */
export function skippedReason(contact: ContactDetail | undefined): string | undefined {
  return entries(contact, "email.skipped")[0]?.text;
}
