import type { EngineDeps } from "../../src/core/engine/deps";
import { enroll, upsertContact } from "../../src/core/engine/enroll-contact";
import { startIfScheduled } from "../../src/core/engine/scheduled-starts";
import type { ContactInput } from "../../src/core/language";
import type { Enrollment } from "../../src/core/model";

/** A contact's fields beside its id; its email is `<id>@example.com` unless given. */
export type ContactFields = Partial<ContactInput>;

/** The contact most engine tests enroll: a first name and a company to render, a zone for windows. */
export const ANA_AT_GLOBEX: ContactFields = {
  firstName: "Ana",
  company: "Globex",
  timezone: "America/New_York",
};

/**
 * A contact created with `contact` and enrolled in `workflow` through the engine's own use cases,
 * its execution started: the state most engine tests start from. Fails the test unless the engine
 * enrolled the contact. An enrollment the engine scheduled (the first email's send window is
 * closed at the deps' clock, the system's for the functions' wiring: a test run at night or on a
 * weekend) is started at once, so these tests do not depend on the hour they run at; the
 * scheduling itself is tested in tests/integration/engine/scheduled-start.test.ts, and
 * `scheduledStart: "keep"` leaves such an enrollment scheduled (the start-due sweep's tests).
 */
export async function givenEnrolled(
  deps: EngineDeps,
  id: string,
  workflow: string,
  contact: ContactFields = {},
  options: { scheduledStart?: "start-now" | "keep" } = {},
): Promise<Enrollment> {
  await upsertContact(deps, { id, email: `${id}@example.com`, ...contact });
  const result = await enroll(deps, id, workflow);
  if (result.status !== "enrolled") throw new Error(result.status);
  if (result.enrollment.startsAt === undefined || options.scheduledStart === "keep") return result.enrollment;
  await startIfScheduled(deps, { contactId: id, enrollmentId: result.enrollment.id });
  const started = await deps.store.getEnrollment(id, result.enrollment.id);
  if (!started) throw new Error(`enrollment ${result.enrollment.id} is gone`);
  return started;
}
