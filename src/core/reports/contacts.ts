/**
 * The read API's contacts: one contact in full (profile, stage, score, enrollments, timeline) and
 * lists of contacts. Bounded: the events read are the rules' window (docs/data-model.md, "Bounded
 * reads"); the ledger, the enrollments, the stage history and the tasks of the enrollments' task
 * steps are read whole (a few per enrollment).
 */
import type { ContactFilter, ListedContact, Page } from "../contact-store";
import type { EngineDeps } from "../engine/deps";
import { timeline as eventsAndSends } from "../engine/event-history";
import { eventWindow } from "../engine/event-window";
import { repTaskId } from "../enrollment-id";
import type { Enrollment, RepTask } from "../model";
import { computeScore } from "../scoring";
import type { ContactDetail, ContactListItem, EnrollmentSummary } from "./report-types";
import { contactTimeline } from "./timeline";

/** The tasks the contact's enrollments created: one per task step each reached, read by id. */
async function tasksOf(deps: EngineDeps, enrollments: Enrollment[]): Promise<RepTask[]> {
  const reads = enrollments.flatMap((enrollment) =>
    (deps.catalog.workflows.get(enrollment.workflowId)?.steps ?? [])
      .filter((step) => step.type === "task")
      .map((step) => deps.store.getTask(repTaskId(enrollment, step.id))),
  );
  return (await Promise.all(reads)).filter((task): task is RepTask => task !== undefined);
}

/** GET /contacts/{id}: the contact in full; undefined when there is no such contact. */
export async function contactDetail(deps: EngineDeps, contactId: string): Promise<ContactDetail | undefined> {
  const [view, stageHistory] = await Promise.all([
    deps.store.getContactView(contactId, eventWindow(deps)),
    deps.store.stageHistory(contactId),
  ]);
  if (!view) return undefined;
  const { contact } = view;
  const enrollments: EnrollmentSummary[] = view.enrollments.map((e) => ({
    enrollmentId: e.id,
    workflow: e.workflowId,
    status: e.status,
    ...(e.currentStep ? { step: e.currentStep } : {}),
    ...(e.startsAt ? { startsAt: e.startsAt } : {}),
    startedAt: e.startedAt,
    ...(e.endedAt ? { endedAt: e.endedAt } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
  }));
  const tasks = await tasksOf(deps, view.enrollments);
  const scored = eventsAndSends(view);
  const score = contact.score ?? computeScore(deps.catalog.scoring, scored, deps.clock.now());
  const { id, email, firstName, lastName, company, title } = contact;
  return {
    contact: { id, email, ...defined({ firstName, lastName, company, title }) },
    stage: contact.stage,
    score,
    ...defined({ owner: contact.owner, account: contact.account }),
    enrollments,
    timeline: contactTimeline({ view, scored, stageHistory, tasks, catalog: deps.catalog }),
  };
}

function defined<T extends Record<string, string | undefined>>(fields: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<
    Record<keyof T, string>
  >;
}

/** What a list shows of a contact. */
export function listItem(contact: ListedContact): ContactListItem {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  return {
    id: contact.id,
    email: contact.email,
    ...(name ? { name } : {}),
    stage: contact.stage,
    score: contact.score ?? 0,
    ...defined({ owner: contact.owner, account: contact.account }),
  };
}

/** Which contacts GET /contacts lists: by address (exact), else by stage, owner and account. */
export interface ContactQuery {
  email?: string;
  stage?: string;
  owner?: string;
  account?: string;
  limit: number;
  cursor?: string;
}

/**
 * GET /contacts: a page, newest stage change first. With no filter, every stage of scoring.json
 * (every contact). An address is looked up exactly (one contact or none, no cursor). Throws
 * InvalidCursorError for a cursor of another list.
 */
export async function contactList(
  deps: Pick<EngineDeps, "store" | "catalog">,
  query: ContactQuery,
): Promise<{ contacts: ContactListItem[]; cursor?: string }> {
  if (query.email !== undefined) {
    const found = await deps.store.findContactByEmail(query.email);
    const matches =
      found &&
      (query.stage === undefined || found.stage === query.stage) &&
      (query.owner === undefined || found.owner === query.owner) &&
      (query.account === undefined || found.account === query.account);
    return { contacts: matches ? [listItem(found)] : [] };
  }
  const filter: ContactFilter = {
    ...(query.stage !== undefined ? { stages: [query.stage] } : {}),
    ...defined({ owner: query.owner, account: query.account }),
  };
  if (!filter.stages && !filter.owner && !filter.account) filter.stages = deps.catalog.scoring.stages;
  const page: Page<ListedContact> = await deps.store.listContacts(filter, {
    limit: query.limit,
    ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
  });
  return { contacts: page.items.map(listItem), ...(page.cursor ? { cursor: page.cursor } : {}) };
}
