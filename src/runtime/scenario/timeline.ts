import type { EngineDeps } from "../../core/engine/deps";
import type {
  Contact,
  EngagementEvent,
  Enrollment,
  RepTask,
  SendRecord,
  StageChange,
} from "../../core/model";
import type { Journal, Note } from "./journal";
import { localTime, when } from "./moments";

/** Everything the store and the runner know about one contact after a scenario ran. */
export interface ContactHistory {
  contactId: string;
  contact?: Contact;
  enrollments: Enrollment[];
  /** Ledger entries of every email step of every enrollment, claimed or sent or skipped. */
  sends: SendRecord[];
  events: EngagementEvent[];
  stages: StageChange[];
  tasks: RepTask[];
  notes: Note[];
}

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

export async function loadHistory(
  deps: EngineDeps,
  journal: Journal,
  contactId: string,
): Promise<ContactHistory> {
  const store = deps.store;
  const [contact, enrollments, events, stages] = await Promise.all([
    store.getContact(contactId),
    store.listEnrollments(contactId),
    store.listEvents(contactId),
    store.stageHistory(contactId),
  ]);
  enrollments.sort(byKey((e) => `${e.workflowId}\u0000${String(e.seq).padStart(6, "0")}`));
  const sends: SendRecord[] = [];
  const tasks: RepTask[] = [];
  for (const enrollment of enrollments) {
    const steps = deps.catalog.workflows.get(enrollment.workflowId)?.steps ?? [];
    for (const step of steps) {
      if (step.type === "email") {
        const send = await store.getSend(contactId, enrollment.id, step.id);
        if (send) sends.push(send);
      } else if (step.type === "task") {
        const task = await store.getTask(`${enrollment.executionName}.${step.id}`);
        if (task) tasks.push(task);
      }
    }
  }
  return {
    contactId,
    ...(contact ? { contact } : {}),
    enrollments,
    sends,
    events: [...events].sort(byKey((e) => `${e.at}\u0000${e.id}`)),
    stages: [...stages].sort(byKey((s) => s.at)),
    tasks,
    notes: journal.notes.filter((n) => n.contactId === contactId),
  };
}

/** The stage the contact was in at `at` (ms), from its stage history. */
export function stageAt(history: ContactHistory, at: number, initial: string): string {
  let stage = history.stages[0]?.from ?? history.contact?.stage ?? initial;
  for (const change of history.stages) if (Date.parse(change.at) <= at) stage = change.to;
  return stage;
}

const HIDDEN_PROPERTIES = new Set(["url", "detail", "template", "subject", "by", "task", "link"]);

function describeEvent(e: EngagementEvent): string {
  const on = e.workflowId && e.stepId ? ` on ${e.workflowId}/${e.stepId}` : "";
  const link = e.properties.link !== undefined ? ` '${e.properties.link}'` : "";
  const rest = Object.keys(e.properties)
    .filter((k) => !HIDDEN_PROPERTIES.has(k))
    .sort()
    .map((k) => ` ${k}=${String(e.properties[k])}`)
    .join("");
  if (e.name === "task.completed")
    return `task ${e.workflowId}/${e.properties.task ?? e.stepId} completed by ${e.properties.by}`;
  return `${e.name}${link}${on}${rest}`;
}

interface Entry {
  at: number;
  order: number;
  text: string;
}

/**
 * The contact's story in time order: enrollments, emails (with the contact's local time), events,
 * stage changes, rep tasks, and the runner's own notes. Lines only: easy to read, stable to compare.
 */
export function timeline(history: ContactHistory, start: number, timeZone: string): string[] {
  const entries: Entry[] = [];
  const add = (at: string | number | undefined, order: number, text: string) => {
    if (at === undefined) return;
    entries.push({ at: typeof at === "number" ? at : Date.parse(at), order, text });
  };
  for (const n of history.notes) add(n.at, 0, `note: ${n.text}`);
  for (const e of history.events) if (e.name !== "email.sent") add(e.at, 1, describeEvent(e));
  for (const s of history.stages) add(s.at, 2, `stage ${s.from ?? "?"} → ${s.to} (${s.by}: ${s.reason})`);
  for (const e of history.enrollments) {
    const source = e.source ? ` (${e.source.why} from ${e.source.enrollmentId})` : "";
    add(e.startedAt, 3, `enrolled in ${e.workflowId} as ${e.id}${source}`);
    if (e.endedAt) add(e.endedAt, 6, `${e.id} ${e.status}${e.reason ? `: ${e.reason}` : ""}`);
  }
  for (const t of history.tasks) {
    const owner = t.owner ? ` for ${t.owner}` : " (no owner)";
    add(
      t.createdAt,
      4,
      `task ${t.workflowId}/${t.stepId} created${owner}, due ${when(start, Date.parse(t.deadline))}`,
    );
    if (t.status === "timedOut") add(t.deadline, 4, `task ${t.workflowId}/${t.stepId} timed out`);
  }
  for (const s of history.sends) {
    const name = `${s.workflowId}/${s.stepId}`;
    if (s.status === "sent" && s.sentAt)
      add(s.sentAt, 5, `sent ${name} · ${localTime(Date.parse(s.sentAt), timeZone)}`);
    else add(s.claimedAt, 5, `${s.status} ${name}${s.reason ? `: ${s.reason}` : ""}`);
  }
  entries.sort(
    (a, b) => a.at - b.at || a.order - b.order || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
  return entries.map((e) => `${when(start, e.at)}  ${e.text}`);
}

/** What really happened to one contact: the `actual` of a failed expectation. */
export interface ContactPicture {
  contact: string;
  found: string;
  stage: string;
  enrollments: string[];
  timeline: string[];
}

export function picture(
  history: ContactHistory,
  found: string,
  start: number,
  timeZone: string,
  initialStage: string,
): ContactPicture {
  return {
    contact: history.contactId,
    found,
    stage: history.contact?.stage ?? initialStage,
    enrollments: history.enrollments.map(
      (e) => `${e.id}: ${e.status}${e.reason && e.reason !== e.status ? ` (${e.reason})` : ""}`,
    ),
    timeline: timeline(history, start, timeZone),
  };
}
