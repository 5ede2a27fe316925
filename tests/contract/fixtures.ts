import type { Contact, EngagementEvent, Enrollment, RepTask, SendRecord } from "../../src/core/model";

/** Records for the ContactStore contract, complete and with every optional field where it matters. */

export const T0 = "2025-03-01T09:00:00.000Z";

/** An ISO time `minutes` after T0. */
export function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

export function aContact(id: string, overrides: Partial<Contact> = {}): Contact {
  return {
    id,
    email: `${id}@Example.com`,
    firstName: "Ada",
    lastName: "Lovelace",
    company: "Analytical Engines",
    title: "",
    timezone: "Europe/London",
    owner: "rep-1",
    attributes: { plan: "trial", seats: 3, tags: ["a", "b"], nested: { deep: true, none: null } },
    stage: "lead",
    consent: { status: "subscribed", at: T0, source: "signup" },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function anEvent(
  contactId: string,
  id: string,
  minutes: number,
  overrides: Partial<EngagementEvent> = {},
) {
  const event: EngagementEvent = {
    id,
    contactId,
    name: "page.view",
    at: at(minutes),
    properties: { path: "/pricing", count: 2, first: true },
    ...overrides,
  };
  return event;
}

export function anEnrollment(
  contactId: string,
  workflowId: string,
  seq: number,
  overrides: Partial<Enrollment> = {},
) {
  const enrollment: Enrollment = {
    id: `${workflowId}.${seq}`,
    contactId,
    workflowId,
    kind: "campaign",
    version: "abc123",
    seq,
    status: "active",
    currentStep: "welcome",
    startedAt: T0,
    executionName: `${workflowId}-0123456789abcdef0123-${seq}`,
    ...overrides,
  };
  return enrollment;
}

export function aSend(
  contactId: string,
  enrollmentId: string,
  stepId: string,
  overrides: Partial<SendRecord> = {},
) {
  const record: SendRecord = {
    contactId,
    enrollmentId,
    stepId,
    workflowId: enrollmentId.slice(0, enrollmentId.lastIndexOf(".")),
    status: "claimed",
    claimedAt: T0,
    ...overrides,
  };
  return record;
}

export function aTask(id: string, overrides: Partial<RepTask> = {}): RepTask {
  return {
    id,
    contactId: "c-1",
    owner: "rep-1",
    enrollmentId: "sdr-follow-up.1",
    workflowId: "sdr-follow-up",
    stepId: "call-1",
    task: "call",
    title: "Call Ada",
    notes: "Asked about SSO",
    status: "open",
    token: `token-${id}`,
    createdAt: T0,
    deadline: at(60),
    ...overrides,
  };
}
