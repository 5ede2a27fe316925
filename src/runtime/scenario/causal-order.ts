import type { StageChange } from "../../core/model";

export type LineKind = "note" | "event" | "stage" | "ended" | "enrolled" | "task" | "timedOut" | "send";

/** One line of a contact's timeline, with what it takes to tell its causes among the same instant's lines. */
export interface Line {
  at: number;
  kind: LineKind;
  text: string;
  /** The enrollment it belongs to: its start and end, its emails and tasks, the events answering them. */
  enrollmentId?: string;
  /** That enrollment's workflow; for a stage change, the workflow that made it. */
  workflowId?: string;
  /** Index of its step in the workflow: emails, tasks, events answering them, setStage steps. */
  step?: number;
  /** An event's name. */
  name?: string;
  stage?: StageChange;
  /** An ended enrollment's status. */
  status?: string;
  /** An enrollment started by another's end (handoff or onComplete): that one. */
  source?: { enrollmentId: string; workflowId: string };
}

/** Engagement that came from outside (the product, the website): it answers no email of ours. */
const isInput = (y: Line) => y.kind === "event" && y.enrollmentId === undefined;
const isOwn = (y: Line, x: Line) =>
  y.kind !== "ended" &&
  (y.enrollmentId === x.enrollmentId ||
    (y.kind === "stage" && y.workflowId === x.workflowId && y.stage!.by.includes("/")));
/** A line of the same run of the same workflow as `x` (stage changes name only the workflow). */
const isStep = (y: Line, x: Line) =>
  y.kind !== "ended" &&
  y.workflowId === x.workflowId &&
  (x.enrollmentId === undefined || y.enrollmentId === undefined || y.enrollmentId === x.enrollmentId);

function stageCauses(x: Line, same: Line[]): Line[] {
  const by = x.stage!.by;
  // Stage changes follow one another: the one that left a stage came after the one that entered it.
  const before = same.filter((y) => y.kind === "stage" && y !== x && y.stage!.to === x.stage!.from);
  if (by === "scoring") {
    const name = /after (\S+)$/.exec(x.stage!.reason)?.[1];
    const named = same.filter((y) => y.kind === "event" && y.name === name);
    return [...before, ...(named.length ? named : same.filter((y) => y.kind === "event"))];
  }
  if (by.startsWith("handoff:"))
    return [...before, ...same.filter((y) => y.kind === "event" || y.stage?.by === "scoring")];
  if (by.includes("/"))
    return [...before, ...same.filter((y) => isStep(y, x) && (y.kind === "enrolled" || y.step! < x.step!))];
  if (by.startsWith("workflow:"))
    return [...before, ...same.filter((y) => y.kind === "ended" && y.workflowId === x.workflowId)];
  return before;
}

/**
 * What, among the lines of the same instant, caused line `x` (as far as the records tell):
 * - an email or a task comes after its enrollment's start, its workflow's earlier steps, and the
 *   engagement from outside (what a waitFor may have waited for);
 * - an event that answers an email or a task comes after it;
 * - a stage change by scoring comes after the event it names; by a handoff, after the events and
 *   scoring that fired it; by a setStage step, after the earlier steps; by onComplete, after the end;
 * - an enrollment's end comes after its own lines, and unless it completed, after what fired it:
 *   events (but answers to emails of enrollments that started at that instant) and stage changes;
 * - an enrollment started by a handoff or onComplete comes after the end (and stage) of its
 *   source; any other start, after the engagement from outside (enrollWhen).
 */
function causes(x: Line, same: Line[]): Line[] {
  switch (x.kind) {
    case "note":
      return [];
    case "event":
      return same.filter(
        (y) =>
          (y.kind === "send" || y.kind === "task") && y.enrollmentId === x.enrollmentId && y.step === x.step,
      );
    case "timedOut":
      return same.filter((y) => y.kind === "task" && y.enrollmentId === x.enrollmentId && y.step === x.step);
    case "send":
    case "task":
      return same.filter(
        (y) =>
          isInput(y) ||
          (isStep(y, x) && (y.kind === "enrolled" || (y.step !== undefined && y.step < x.step!))),
      );
    case "stage":
      return stageCauses(x, same);
    case "enrolled": {
      const source = x.source;
      if (!source) return same.filter(isInput);
      return same.filter(
        (y) =>
          (y.kind === "ended" && y.enrollmentId === source.enrollmentId) ||
          (y.kind === "stage" && y.stage!.by === `workflow:${source.workflowId}`),
      );
    }
    case "ended": {
      const own = same.filter((y) => y !== x && isOwn(y, x));
      if (x.status === "completed") return own;
      const startedNow = new Set(same.filter((y) => y.kind === "enrolled").map((y) => y.enrollmentId));
      const fired = same.filter(
        (y) =>
          (y.kind === "event" && (y.enrollmentId === x.enrollmentId || !startedNow.has(y.enrollmentId))) ||
          (y.kind === "stage" && (y.stage!.by === "scoring" || y.stage!.by === `handoff:${x.workflowId}`)),
      );
      return [...own, ...fired];
    }
  }
}

/** For lines that are ready at once and not caused by one another: the older kind of record first. */
const RANK: Record<LineKind, number> = {
  note: 0,
  event: 1,
  stage: 2,
  ended: 3,
  enrolled: 4,
  task: 5,
  timedOut: 5,
  send: 6,
};

/**
 * The lines of one instant in causal order: every line after its causes, and, the story being told
 * one thread at a time, the effects of a line right after it (the line that became ready last goes
 * first) before the next thing that arrived from outside. Ties go by kind, then by text, so that the
 * order depends on the records alone, never on how the run interleaved. A cycle (which the records
 * can show only with zero delays) is broken at its line of lowest kind.
 */
function orderInstant(lines: Line[]): Line[] {
  const waiting = new Map(lines.map((x) => [x, new Set(causes(x, lines).filter((y) => y !== x))]));
  const readySince = new Map<Line, number>();
  const out: Line[] = [];
  const tie = (a: Line, b: Line) =>
    RANK[a.kind] - RANK[b.kind] || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  let stamp = 0;
  while (waiting.size) {
    for (const [x, pending] of waiting) if (!pending.size && !readySince.has(x)) readySince.set(x, stamp);
    const ready = [...readySince.keys()];
    const pool = ready.length ? ready : [...waiting.keys()];
    const next = pool.reduce((best, x) => {
      const d = (readySince.get(x) ?? 0) - (readySince.get(best) ?? 0);
      return d > 0 || (d === 0 && tie(x, best) < 0) ? x : best;
    });
    out.push(next);
    waiting.delete(next);
    readySince.delete(next);
    for (const pending of waiting.values()) pending.delete(next);
    stamp++;
  }
  return out;
}

/** The lines in time order, those of the same instant in causal order. */
export function causalOrder(lines: Line[]): Line[] {
  const instants = new Map<number, Line[]>();
  for (const line of lines) instants.set(line.at, [...(instants.get(line.at) ?? []), line]);
  return [...instants.keys()].sort((a, b) => a - b).flatMap((at) => orderInstant(instants.get(at)!));
}
