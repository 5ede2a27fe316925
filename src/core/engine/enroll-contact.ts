import { createHash } from "node:crypto";
import { accountOf } from "../accounts";
import { enrollmentId } from "../enrollment-id";
import type { Campaign, ContactInput, Sequence } from "../language";
import type { Contact, Enrollment } from "../model";
import { emailSendWindow, nextOpening, windowZone } from "../send-window-time";
import { isSmokeContactAddress, isSmokeWorkflow } from "../smoke";
import { followAccountField, refreshAccount } from "./accounts";
import { countCreated, countEnrolled } from "./count-facts";
import { type EngineDeps, workflowOf } from "./deps";
import { NO_EVENTS } from "./event-window";
import { reserveSendPlace } from "./pacing";
import { executionInput, scheduledAt } from "./scheduled-starts";

export type EnrollResult =
  | { status: "enrolled"; enrollment: Enrollment }
  | { status: "already-active"; enrollment: Enrollment }
  | { status: "refused"; reason: string };

/** Step Functions execution name without personal data: workflow, a hash of the contact id, seq. */
export function executionName(workflowId: string, contactId: string, seq: number): string {
  const hash = createHash("sha256").update(contactId).digest("hex").slice(0, 20);
  return `${workflowId.slice(0, 50)}-${hash}-${seq}`;
}

/**
 * Creates the contact when it does not exist (with its account, src/core/accounts.ts, and its
 * account's row following); an existing one given another `account` moves to it.
 */
export async function upsertContact(deps: EngineDeps, input: ContactInput): Promise<Contact> {
  const now = deps.clock.now().toISOString();
  const { stage, attributes, account: _named, ...profile } = input;
  const account = accountOf(input, deps.catalog.settings);
  const contact: Contact = {
    ...profile,
    ...(account !== undefined ? { account } : {}),
    attributes: attributes ?? {},
    stage: stage ?? deps.catalog.scoring.stages[0]!,
    consent: { status: "subscribed", at: now, source: "enroll" },
    createdAt: now,
    updatedAt: now,
  };
  const created = await deps.store.createContact(contact);
  const stored = created ? contact : (await deps.store.getContact(input.id))!;
  // Counted on every attempt (the first may have died after creating it): the creation in its first stage.
  await countCreated(deps, { ...contact, createdAt: stored.createdAt });
  if (created) await refreshAccount(deps, contact, { known: "new" });
  else await followAccountField(deps, stored, input);
  return stored;
}

/** An enrollment made by an earlier attempt (or a racing one): counted, in case that attempt died first. */
async function alreadyEnrolled(deps: EngineDeps, enrollment: Enrollment): Promise<EnrollResult> {
  await countEnrolled(deps, enrollment);
  return { status: "already-active", enrollment };
}

/**
 * When a new enrollment's execution starts: undefined for now (its first step is not an email, or
 * the email's send window is open or absent); else its first email's window is closed, and it starts
 * at the window's next opening in the contact's zone (`startsAt`), under a send rate at the second
 * reserved for that email from the opening on (`startSlot`, as a hold reserves one,
 * src/core/engine/hold.ts): the email then goes out in its window with no hold.
 */
async function scheduledStart(
  deps: EngineDeps,
  workflow: Campaign | Sequence,
  contact: Contact,
): Promise<Pick<Enrollment, "startsAt" | "startSlot" | "currentStep"> | undefined> {
  const first = workflow.steps[0];
  if (first?.type !== "email") return undefined;
  const settings = deps.catalog.settings;
  const window = emailSendWindow(first, workflow, settings);
  if (!window) return undefined;
  const now = deps.clock.now();
  const opens = nextOpening(window, windowZone(window, contact.timezone, settings.defaultTimezone), now);
  if (opens.getTime() <= now.getTime()) return undefined;
  // Its current step is the email it waits to send, as a hold of that email would record.
  const scheduled = { startsAt: opens.toISOString(), currentStep: first.id };
  if (!deps.pacing) return scheduled;
  const place = await reserveSendPlace(deps.store, deps.pacing, Math.ceil(opens.getTime() / 1000));
  return { ...scheduled, ...(place.reserved ? { startSlot: place.second } : {}) };
}

/** Starts the enrollment's execution, or schedules it for `startsAt`; both idempotent by name. */
async function startOrSchedule(deps: EngineDeps, enrollment: Enrollment): Promise<void> {
  const { workflowId, executionName, startsAt } = enrollment;
  const input = executionInput(enrollment);
  if (startsAt === undefined) await deps.control.startExecution(workflowId, executionName, input);
  else await deps.control.scheduleStart(workflowId, executionName, input, scheduledAt(enrollment));
}

/**
 * Enrolls a contact in a campaign or sequence and starts its execution (or schedules it, when its
 * first email's send window is closed: scheduledStart). Refuses a second active
 * enrollment and, unless the workflow says `reenroll` or a handoff asks, any enrollment after the
 * first. Retries are
 * safe: the enrollment key and the execution name are deterministic.
 */
export async function enroll(
  deps: EngineDeps,
  contactId: string,
  workflowId: string,
  source?: Enrollment["source"],
): Promise<EnrollResult> {
  const workflow = workflowOf(deps, workflowId);
  const view = await deps.store.getContactView(contactId, NO_EVENTS);
  if (!view) return { status: "refused", reason: `contact ${contactId} does not exist` };
  // The smoke email must never reach a person, whoever enrolls (an ingest key, a handoff).
  if (isSmokeWorkflow(workflowId) && !isSmokeContactAddress(view.contact.email, deps.replyDomain))
    return {
      status: "refused",
      reason: `${workflowId} is the built-in smoke test: it takes only SES mailbox simulator addresses (handoff smoke)`,
    };
  const existing = view.enrollments.filter((e) => e.workflowId === workflowId);
  const active = existing.find((e) => e.status === "active");
  if (active) {
    await countEnrolled(deps, active);
    // A retry after a crash between the two writes below: (re)start is idempotent by name.
    await startOrSchedule(deps, active);
    return { status: "already-active", enrollment: active };
  }
  const again = source && existing.find((e) => e.source?.enrollmentId === source.enrollmentId);
  if (again) return alreadyEnrolled(deps, again);
  // A handoff is always honoured: a recycled lead who comes back hot returns to sales even though
  // the sequence does not re-enroll contacts on its own; so is sales' rejection (SLA rejectTo).
  if (existing.length > 0 && !workflow.reenroll && source?.why !== "handoff" && source?.why !== "rejected") {
    return {
      status: "refused",
      reason: `already enrolled in ${workflowId} before, and it does not allow re-enrollment`,
    };
  }
  const suppression = await deps.store.getSuppression(view.contact.email);
  if (suppression) return { status: "refused", reason: `the address is suppressed (${suppression.reason})` };
  const seq = existing.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
  const enrollment: Enrollment = {
    id: enrollmentId(workflowId, seq),
    contactId,
    workflowId,
    kind: workflow.kind,
    version: deps.catalog.version(workflowId),
    seq,
    status: "active",
    startedAt: deps.clock.now().toISOString(),
    executionName: executionName(workflowId, contactId, seq),
    ...(source ? { source } : {}),
    ...(await scheduledStart(deps, workflow, view.contact)),
  };
  if (!(await deps.store.createEnrollment(enrollment))) {
    const raced = await deps.store.getEnrollment(contactId, enrollment.id);
    return raced ? alreadyEnrolled(deps, raced) : { status: "refused", reason: "enrollment raced" };
  }
  await countEnrolled(deps, enrollment);
  await startOrSchedule(deps, enrollment);
  return { status: "enrolled", enrollment };
}
