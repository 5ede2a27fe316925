import type { CapturedSlackPost } from "../../adapters/local/captured-slack";
import { compareNumber } from "../../core/conditions";
import type { Catalog } from "../../core/engine/deps";
import type { Expectation, NumberComparison, ScenarioEvent } from "../../core/language";
import type { SendRecord } from "../../core/model";
import { momentMillis, resolveStep, stepName, when } from "./moments";
import { type ContactHistory, picture, stageAt, type ZoneOf } from "./scenario-timeline";

export interface Failure {
  /**
   * The expectation that failed; a scenario event no real contact could make; for a scenario that
   * could not run, what it needed.
   */
  expect: Expectation | ScenarioEvent | Record<string, string>;
  actual: unknown;
}

/** What the expectations are checked against once the scenario's time has run out. */
export interface Outcome {
  catalog: Catalog;
  start: number;
  histories: Map<string, ContactHistory>;
  slackPosts: readonly CapturedSlackPost[];
  /** The zone a contact read each of its emails in, for the local times of its timeline. */
  zoneOf(contactId: string): ZoneOf;
  /** The stage a contact started in. */
  initialStage(contactId: string): string;
}

const OPS: Record<keyof NumberComparison, string> = {
  eq: "=",
  ne: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
};

export function describeCount(count: number | NumberComparison): string {
  if (typeof count === "number") return `exactly ${count}`;
  return (Object.keys(OPS) as Array<keyof NumberComparison>)
    .filter((op) => count[op] !== undefined)
    .map((op) => `${OPS[op]} ${count[op]}`)
    .join(" and ");
}

function countHolds(value: number, count: number | NumberComparison): boolean {
  return typeof count === "number" ? value === count : compareNumber(value, count);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Checks one expectation: undefined when it holds, else what really happened. */
export function check(expectation: Expectation, o: Outcome): Failure | undefined {
  const fail = (actual: unknown): Failure => ({ expect: expectation, actual });
  if ("slack" in expectation) {
    const posts = o.slackPosts
      .filter((p) => p.channel === expectation.slack)
      .map((p) => `${p.at ? when(o.start, Date.parse(p.at)) : "?"}  ${p.text}`)
      .sort();
    if (countHolds(posts.length, expectation.count)) return undefined;
    return fail({
      slack: expectation.slack,
      found: `${plural(posts.length, "post")} to ${expectation.slack}, expected ${describeCount(expectation.count)}`,
      posts,
    });
  }
  const history = o.histories.get(expectation.contact);
  if (!history) return fail({ contact: expectation.contact, found: "no such contact in this scenario" });
  const show = (found: string) =>
    fail(
      picture(history, found, o.start, o.zoneOf(expectation.contact), o.initialStage(expectation.contact)),
    );
  const found = verdict(expectation, history, o);
  return found === undefined ? undefined : show(found);
}

/** Undefined when the contact's expectation holds, else a sentence saying what was found. */
function verdict(e: Expectation, history: ContactHistory, o: Outcome): string | undefined {
  if ("sent" in e || "notSent" in e) {
    const ref = "sent" in e ? e.sent : e.notSent;
    const step = resolveStep(o.catalog, ref);
    if (!step) return `'${ref}' names no single step of the deployed workflows`;
    const name = stepName(step);
    const all = history.sends.filter((s) => s.workflowId === step.workflowId && s.stepId === step.stepId);
    const sent = all.filter((s) => s.status === "sent" && s.sentAt);
    const before = e.before === undefined ? undefined : momentMillis(o.start, e.before);
    const after = e.after === undefined ? undefined : momentMillis(o.start, e.after);
    const inWindow = (s: SendRecord) => {
      const at = Date.parse(s.sentAt!);
      return (before === undefined || at <= before) && (after === undefined || at >= after);
    };
    const window = [
      after === undefined ? "" : `at or after ${when(o.start, after)}`,
      before === undefined ? "" : `at or before ${when(o.start, before)}`,
    ]
      .filter(Boolean)
      .join(" and ");
    const times = sent.map((s) => when(o.start, Date.parse(s.sentAt!))).join(", ");
    if ("sent" in e) {
      if (sent.some(inWindow)) return undefined;
      if (sent.length) return `${name} went out at ${times}, not ${window}`;
      const skipped = all.find((s) => s.status === "skipped");
      return skipped ? `${name} was skipped: ${skipped.reason ?? "no reason"}` : `${name} never went out`;
    }
    const offending = sent.filter(inWindow);
    if (!offending.length) return undefined;
    return `${name} went out at ${offending.map((s) => when(o.start, Date.parse(s.sentAt!))).join(", ")}${window ? ` (${window})` : ""}`;
  }
  if ("emails" in e) {
    const sent = history.sends.filter((s) => s.status === "sent");
    if (countHolds(sent.length, e.emails)) return undefined;
    const names = sent.map((s) => `${s.workflowId}/${s.stepId}`).join(", ");
    return `${plural(sent.length, "email")}${names ? ` (${names})` : ""}, expected ${describeCount(e.emails)}`;
  }
  if ("stage" in e) {
    const initial = o.initialStage(e.contact);
    if (e.by !== undefined) {
      const at = momentMillis(o.start, e.by);
      const stage = stageAt(history, at, initial);
      return stage === e.stage ? undefined : `stage at ${when(o.start, at)} was '${stage}'`;
    }
    const stage = history.contact?.stage ?? initial;
    return stage === e.stage ? undefined : `stage at the end was '${stage}'`;
  }
  if ("enrolled" in e || "notEnrolled" in e) {
    const workflowId = "enrolled" in e ? e.enrolled : e.notEnrolled;
    const mine = history.enrollments.filter((x) => x.workflowId === workflowId);
    if ("enrolled" in e) return mine.length ? undefined : `never enrolled in ${workflowId}`;
    return mine.length ? `enrolled as ${mine.map((x) => `${x.id} (${x.status})`).join(", ")}` : undefined;
  }
  if ("enrollment" in e) return enrollmentVerdict(e, history);
  if ("owner" in e) {
    const owner = history.contact?.owner;
    if (owner === e.owner) return undefined;
    return owner
      ? `the owner at the end is '${owner}', not '${e.owner}'`
      : "the contact has no owner at the end";
  }
  if ("task" in e) {
    const step = resolveStep(o.catalog, e.task);
    if (!step) return `'${e.task}' names no single step of the deployed workflows`;
    const tasks = history.tasks.filter((t) => t.workflowId === step.workflowId && t.stepId === step.stepId);
    if (!tasks.length) return `no task ${stepName(step)} was created`;
    if (e.status === undefined || tasks.some((t) => t.status === e.status)) return undefined;
    return `task ${stepName(step)} is ${tasks.map((t) => `'${t.status}'`).join(", ")}`;
  }
  return "unknown expectation";
}

/** The contact's latest enrollment in the workflow (a re-enrollment is a later one) has the status. */
function enrollmentVerdict(
  e: Extract<Expectation, { enrollment: string }>,
  history: ContactHistory,
): string | undefined {
  const mine = history.enrollments.filter((x) => x.workflowId === e.enrollment).sort((a, b) => a.seq - b.seq);
  const latest = mine.at(-1);
  if (!latest) return `never enrolled in ${e.enrollment}`;
  if (latest.status === e.status) return undefined;
  const why = latest.reason && latest.reason !== latest.status ? ` (${latest.reason})` : "";
  const earlier = mine.slice(0, -1).map((x) => `${x.id} ${x.status}`);
  return `${latest.id} is '${latest.status}'${why}, not '${e.status}'${earlier.length ? `; before it ${earlier.join(", ")}` : ""}`;
}

/** Enrollments that failed (a handler crashed): never what a scenario means, whatever it expects. */
export function failedEnrollments(o: Outcome): Failure[] {
  const out: Failure[] = [];
  for (const [contactId, history] of o.histories) {
    const failed = history.enrollments.filter((e) => e.status === "failed");
    if (!failed.length) continue;
    const found = failed.map((e) => `${e.id} failed: ${e.reason ?? "no reason"}`).join("; ");
    out.push({
      expect: { contact: contactId, run: "no enrollment fails" },
      actual: picture(history, found, o.start, o.zoneOf(contactId), o.initialStage(contactId)),
    });
  }
  return out;
}
