import type { EngineDeps } from "../../core/engine/deps";
import { repTaskId } from "../../core/enrollment-id";
import type {
  Contact,
  EngagementEvent,
  Enrollment,
  RepTask,
  SendRecord,
  StageChange,
} from "../../core/model";
import { causalOrder, type Line } from "./causal-order";
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
  /** Index of each step ("<workflow id>/<step id>") in its workflow, for the workflows it was enrolled in. */
  stepOrder: ReadonlyMap<string, number>;
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
  const stepOrder = new Map<string, number>();
  for (const enrollment of enrollments) {
    const steps = deps.catalog.workflows.get(enrollment.workflowId)?.steps ?? [];
    for (const [i, step] of steps.entries()) stepOrder.set(`${enrollment.workflowId}/${step.id}`, i);
    for (const step of steps) {
      if (step.type === "email") {
        const send = await store.getSend(contactId, enrollment.id, step.id);
        if (send) sends.push(send);
      } else if (step.type === "task") {
        const task = await store.getTask(repTaskId(enrollment, step.id));
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
    stepOrder,
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

/** The workflow a stage change names in its `by` ("handoff:<id>", "workflow:<id>/<step>", "workflow:<id>"). */
function stageWorkflow(by: string): { workflowId?: string; stepId?: string } {
  const match = /^(?:handoff|workflow):([^/]+)(?:\/(.+))?$/.exec(by);
  return match ? { workflowId: match[1]!, ...(match[2] ? { stepId: match[2] } : {}) } : {};
}

/** The zone a contact read one of its emails in (`workflowId`, `stepId`): for its local time. */
export type ZoneOf = (workflowId: string, stepId: string) => string;

interface LineSink {
  add(at: string | number | undefined, line: Omit<Line, "at">): void;
  /** Index of the step in its workflow. */
  step(workflowId: string | undefined, stepId: string | undefined): number | undefined;
}

/** The lines of what the contact's enrollments did: starts, ends, rep tasks, emails. */
function workLines(history: ContactHistory, start: number, zoneOf: ZoneOf, sink: LineSink): void {
  for (const e of history.enrollments) {
    const of = { enrollmentId: e.id, workflowId: e.workflowId };
    const from = e.source ? ` (${e.source.why} from ${e.source.enrollmentId})` : "";
    const text = `enrolled in ${e.workflowId} as ${e.id}${from}`;
    sink.add(e.startedAt, { kind: "enrolled", text, ...of, source: e.source });
    const ended = `${e.id} ${e.status}${e.reason ? `: ${e.reason}` : ""}`;
    if (e.endedAt) sink.add(e.endedAt, { kind: "ended", text: ended, ...of, status: e.status });
  }
  for (const t of history.tasks) {
    const of = {
      enrollmentId: t.enrollmentId,
      workflowId: t.workflowId,
      step: sink.step(t.workflowId, t.stepId),
    };
    const owner = t.owner ? ` for ${t.owner}` : " (no owner)";
    const text = `task ${t.workflowId}/${t.stepId} created${owner}, due ${when(start, Date.parse(t.deadline))}`;
    sink.add(t.createdAt, { kind: "task", text, ...of });
    if (t.status === "timedOut")
      sink.add(t.deadline, { kind: "timedOut", text: `task ${t.workflowId}/${t.stepId} timed out`, ...of });
  }
  for (const s of history.sends) {
    const of = {
      enrollmentId: s.enrollmentId,
      workflowId: s.workflowId,
      step: sink.step(s.workflowId, s.stepId),
    };
    const name = `${s.workflowId}/${s.stepId}`;
    if (s.status === "sent" && s.sentAt) {
      const local = localTime(Date.parse(s.sentAt), zoneOf(s.workflowId, s.stepId));
      sink.add(s.sentAt, { kind: "send", text: `sent ${name} · ${local}`, ...of });
    } else {
      const text = `${s.status} ${name}${s.reason ? `: ${s.reason}` : ""}`;
      sink.add(s.claimedAt, { kind: "send", text, ...of });
    }
  }
}

function lines(history: ContactHistory, start: number, zoneOf: ZoneOf): Line[] {
  const out: Line[] = [];
  const sink: LineSink = {
    add: (at, line) => {
      if (at !== undefined) out.push({ at: typeof at === "number" ? at : Date.parse(at), ...line });
    },
    step: (workflowId, stepId) =>
      workflowId && stepId ? history.stepOrder.get(`${workflowId}/${stepId}`) : undefined,
  };
  for (const n of history.notes) sink.add(n.at, { kind: "note", text: `note: ${n.text}` });
  for (const e of history.events) {
    if (e.name === "email.sent") continue;
    const { enrollmentId, workflowId } = e;
    const step = sink.step(workflowId, e.stepId);
    sink.add(e.at, { kind: "event", text: describeEvent(e), name: e.name, enrollmentId, workflowId, step });
  }
  for (const s of history.stages) {
    const { workflowId, stepId } = stageWorkflow(s.by);
    const text = `stage ${s.from ?? "?"} → ${s.to} (${s.by}: ${s.reason})`;
    sink.add(s.at, { kind: "stage", text, stage: s, workflowId, step: sink.step(workflowId, stepId) });
  }
  workLines(history, start, zoneOf, sink);
  return out;
}

/**
 * The contact's story in time order: enrollments, emails (with the contact's local time), events,
 * stage changes, rep tasks, and the runner's own notes; the lines of one instant in causal order
 * (causal-order.ts). Lines only: easy to read, stable to compare.
 */
export function timeline(history: ContactHistory, start: number, zoneOf: ZoneOf): string[] {
  return causalOrder(lines(history, start, zoneOf)).map((l) => `${when(start, l.at)}  ${l.text}`);
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
  zoneOf: ZoneOf,
  initialStage: string,
): ContactPicture {
  return {
    contact: history.contactId,
    found,
    stage: history.contact?.stage ?? initialStage,
    enrollments: history.enrollments.map(
      (e) => `${e.id}: ${e.status}${e.reason && e.reason !== e.status ? ` (${e.reason})` : ""}`,
    ),
    timeline: timeline(history, start, zoneOf),
  };
}
