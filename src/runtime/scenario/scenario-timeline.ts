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
import { localTime, stepName, when } from "./moments";

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
  enrollments.sort(
    byKey((enrollment) => `${enrollment.workflowId}\u0000${String(enrollment.seq).padStart(6, "0")}`),
  );
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
    events: [...events].sort(byKey((event) => `${event.at}\u0000${event.id}`)),
    stages: [...stages].sort(byKey((change) => change.at)),
    tasks,
    notes: journal.notes.filter((note) => note.contactId === contactId),
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

function describeEvent(event: EngagementEvent): string {
  const on = event.workflowId && event.stepId ? ` on ${event.workflowId}/${event.stepId}` : "";
  const link = event.properties.link !== undefined ? ` '${event.properties.link}'` : "";
  const rest = Object.keys(event.properties)
    .filter((key) => !HIDDEN_PROPERTIES.has(key))
    .sort()
    .map((key) => ` ${key}=${String(event.properties[key])}`)
    .join("");
  if (event.name === "task.completed")
    return `task ${event.workflowId}/${event.properties.task ?? event.stepId} completed by ${event.properties.by}`;
  return `${event.name}${link}${on}${rest}`;
}

/** The workflow a stage change names in its `by` ("handoff:<id>", "workflow:<id>/<step>", "workflow:<id>"). */
function stageWorkflow(by: string): { workflowId?: string; stepId?: string } {
  const match = /^(?:handoff|workflow):([^/]+)(?:\/(.+))?$/.exec(by);
  return match ? { workflowId: match[1]!, ...(match[2] ? { stepId: match[2] } : {}) } : {};
}

/** The zone a contact read one of its emails in (`workflowId`, `stepId`): for its local time. */
export type ZoneOf = (workflowId: string, stepId: string) => string;

/** How a contact's timeline is written: its times relative to the scenario's start, its emails' in its zones. */
export interface TimelineContext {
  /** The scenario's start (ms). */
  start: number;
  zoneOf: ZoneOf;
}

interface LineSink {
  add(at: string | number | undefined, line: Omit<Line, "at">): void;
  /** Index of the step in its workflow. */
  step(workflowId: string | undefined, stepId: string | undefined): number | undefined;
}

/** What the lines of a rep task or an email are about: its enrollment, its workflow, its step's index. */
function aboutStep(sink: LineSink, record: { enrollmentId: string; workflowId: string; stepId: string }) {
  const { enrollmentId, workflowId, stepId } = record;
  return { enrollmentId, workflowId, step: sink.step(workflowId, stepId) };
}

/** The lines of what the contact's enrollments did: starts, ends, rep tasks, emails. */
function workLines(history: ContactHistory, { start, zoneOf }: TimelineContext, sink: LineSink): void {
  for (const enrollment of history.enrollments) {
    const of = { enrollmentId: enrollment.id, workflowId: enrollment.workflowId };
    const { source } = enrollment;
    const from = source ? ` (${source.why} from ${source.enrollmentId})` : "";
    const text = `enrolled in ${enrollment.workflowId} as ${enrollment.id}${from}`;
    sink.add(enrollment.startedAt, { kind: "enrolled", text, ...of, source });
    const ended = `${enrollment.id} ${enrollment.status}${enrollment.reason ? `: ${enrollment.reason}` : ""}`;
    if (enrollment.endedAt)
      sink.add(enrollment.endedAt, { kind: "ended", text: ended, ...of, status: enrollment.status });
  }
  for (const task of history.tasks) {
    const of = aboutStep(sink, task);
    const name = stepName(task);
    const owner = task.owner ? ` for ${task.owner}` : " (no owner)";
    const text = `task ${name} created${owner}, due ${when(start, Date.parse(task.deadline))}`;
    sink.add(task.createdAt, { kind: "task", text, ...of });
    if (task.status === "timedOut")
      sink.add(task.deadline, { kind: "timedOut", text: `task ${name} timed out`, ...of });
  }
  for (const send of history.sends) {
    const of = aboutStep(sink, send);
    const name = stepName(send);
    if (send.status === "sent" && send.sentAt) {
      const local = localTime(Date.parse(send.sentAt), zoneOf(send.workflowId, send.stepId));
      sink.add(send.sentAt, { kind: "send", text: `sent ${name} · ${local}`, ...of });
    } else {
      const text = `${send.status} ${name}${send.reason ? `: ${send.reason}` : ""}`;
      sink.add(send.claimedAt, { kind: "send", text, ...of });
    }
  }
}

function lines(history: ContactHistory, context: TimelineContext): Line[] {
  const out: Line[] = [];
  const sink: LineSink = {
    add: (at, line) => {
      if (at !== undefined) out.push({ at: typeof at === "number" ? at : Date.parse(at), ...line });
    },
    step: (workflowId, stepId) =>
      workflowId && stepId ? history.stepOrder.get(`${workflowId}/${stepId}`) : undefined,
  };
  for (const note of history.notes) sink.add(note.at, { kind: "note", text: `note: ${note.text}` });
  for (const event of history.events) {
    if (event.name === "email.sent") continue;
    const { enrollmentId, workflowId } = event;
    const step = sink.step(workflowId, event.stepId);
    sink.add(event.at, {
      kind: "event",
      text: describeEvent(event),
      name: event.name,
      enrollmentId,
      workflowId,
      step,
    });
  }
  for (const change of history.stages) {
    const { workflowId, stepId } = stageWorkflow(change.by);
    const text = `stage ${change.from ?? "?"} → ${change.to} (${change.by}: ${change.reason})`;
    sink.add(change.at, {
      kind: "stage",
      text,
      stage: change,
      workflowId,
      step: sink.step(workflowId, stepId),
    });
  }
  workLines(history, context, sink);
  return out;
}

/**
 * The contact's story in time order: enrollments, emails (with the contact's local time), events,
 * stage changes, rep tasks, and the runner's own notes; the lines of one instant in causal order
 * (causal-order.ts). Lines only: easy to read, stable to compare.
 */
export function timeline(history: ContactHistory, context: TimelineContext): string[] {
  return causalOrder(lines(history, context)).map((line) => `${when(context.start, line.at)}  ${line.text}`);
}

/** What really happened to one contact: the `actual` of a failed expectation. */
export interface ContactPicture {
  contact: string;
  found: string;
  stage: string;
  enrollments: string[];
  timeline: string[];
}

/** How a contact's picture is drawn: its timeline's context, and the stage it started in. */
export interface PictureContext extends TimelineContext {
  initialStage: string;
}

/** The contact as it ended, and its story: `found` says what did not hold. */
export function picture(history: ContactHistory, found: string, context: PictureContext): ContactPicture {
  return {
    contact: history.contactId,
    found,
    stage: history.contact?.stage ?? context.initialStage,
    enrollments: history.enrollments.map(
      (enrollment) =>
        `${enrollment.id}: ${enrollment.status}${enrollment.reason && enrollment.reason !== enrollment.status ? ` (${enrollment.reason})` : ""}`,
    ),
    timeline: timeline(history, context),
  };
}
