import type { CapturedSlackPost } from "../../adapters/local/captured-slack";
import { compareNumber } from "../../core/conditions";
import type { Catalog } from "../../core/engine/deps";
import type { Expectation, NumberComparison, ScenarioEvent } from "../../core/language";
import type { SendRecord } from "../../core/model";
import type { AccountSummary, AttributionReport } from "../../core/reports/report-types";
import { type CreditExpectation, creditFailure } from "./credit-expectation";
import { momentMillis, resolveStep, stepName, when } from "./moments";
import { type ContactHistory, type ContactPicture, picture, stageAt, type ZoneOf } from "./scenario-timeline";

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
  /** The attribution report of the scenario's period, when an expectation reads it. */
  attribution?: AttributionReport;
  /** The accounts the account expectations name (lower-cased), as their rows stand at the end. */
  accounts?: ReadonlyMap<string, AccountSummary>;
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

/** What really happened to the contact of `history`: `found` says what did not hold. */
export function pictureOf(outcome: Outcome, history: ContactHistory, found: string): ContactPicture {
  const contactId = history.contactId;
  return picture(history, found, {
    start: outcome.start,
    zoneOf: outcome.zoneOf(contactId),
    initialStage: outcome.initialStage(contactId),
  });
}

/** Checks one expectation: undefined when it holds, else what really happened. */
export function check(expectation: Expectation, outcome: Outcome): Failure | undefined {
  if ("slack" in expectation) return slackFailure(expectation, outcome);
  if ("credit" in expectation) return creditFailure(expectation, outcome.attribution);
  if ("account" in expectation) return accountFailure(expectation, outcome);
  const history = outcome.histories.get(expectation.contact);
  if (!history)
    return {
      expect: expectation,
      actual: { contact: expectation.contact, found: "no such contact in this scenario" },
    };
  const found = verdict(expectation, history, outcome);
  return found === undefined
    ? undefined
    : { expect: expectation, actual: pictureOf(outcome, history, found) };
}

function slackFailure(expectation: SlackExpectation, outcome: Outcome): Failure | undefined {
  const posts = outcome.slackPosts
    .filter((post) => post.channel === expectation.slack)
    .map((post) => `${post.at ? when(outcome.start, Date.parse(post.at)) : "?"}  ${post.text}`)
    .sort();
  if (countHolds(posts.length, expectation.count)) return undefined;
  const found = `${plural(posts.length, "post")} to ${expectation.slack}, expected ${describeCount(expectation.count)}`;
  return { expect: expectation, actual: { slack: expectation.slack, found, posts } };
}

/** The account an expectation names, as the accounts are keyed (src/core/accounts.ts accountOf). */
export const accountKey = (account: string): string => account.trim().toLowerCase();

/** The account has contacts at the end, and the stage and owner expected. */
function accountFailure(expectation: AccountExpectation, outcome: Outcome): Failure | undefined {
  const account = outcome.accounts?.get(accountKey(expectation.account));
  const found = !account
    ? "no contact of the scenario belongs to this account at the end"
    : [
        expectation.stage !== undefined && account.stage !== expectation.stage
          ? `the account's stage is '${account.stage ?? "none"}', not '${expectation.stage}'`
          : "",
        expectation.owner !== undefined && account.owner !== expectation.owner
          ? `the account's owner is ${account.owner ? `'${account.owner}'` : "none"}, not '${expectation.owner}'`
          : "",
      ]
        .filter(Boolean)
        .join("; ");
  return found ? { expect: expectation, actual: { ...(account ?? {}), found } } : undefined;
}

type SlackExpectation = Extract<Expectation, { slack: string }>;
type AccountExpectation = Extract<Expectation, { account: string }>;
type ContactExpectation = Exclude<Expectation, SlackExpectation | CreditExpectation | AccountExpectation>;
/** Every key of every member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;
/** The key that tells a contact's expectation apart from the others ("sent", "stage", …). */
type ExpectationKind = Exclude<KeysOf<ContactExpectation>, "contact" | "before" | "after" | "by" | "status">;
/** Undefined when the contact's expectation holds, else a sentence saying what was found. */
type Verdict<K extends ExpectationKind> = (
  expectation: Extract<ContactExpectation, Record<K, unknown>>,
  history: ContactHistory,
  outcome: Outcome,
) => string | undefined;

/** One verdict per kind of contact expectation. */
const VERDICTS: { [K in ExpectationKind]: Verdict<K> } = {
  sent: sendVerdict,
  notSent: sendVerdict,
  emails: emailsVerdict,
  stage: stageVerdict,
  enrolled: (expectation, history) =>
    history.enrollments.some((enrollment) => enrollment.workflowId === expectation.enrolled)
      ? undefined
      : `never enrolled in ${expectation.enrolled}`,
  notEnrolled: (expectation, history) => {
    const mine = history.enrollments.filter(
      (enrollment) => enrollment.workflowId === expectation.notEnrolled,
    );
    return mine.length
      ? `enrolled as ${mine.map((enrollment) => `${enrollment.id} (${enrollment.status})`).join(", ")}`
      : undefined;
  },
  enrollment: enrollmentVerdict,
  owner: (expectation, history) => {
    const owner = history.contact?.owner;
    if (owner === expectation.owner) return undefined;
    return owner
      ? `the owner at the end is '${owner}', not '${expectation.owner}'`
      : "the contact has no owner at the end";
  },
  task: taskVerdict,
};

function verdict(
  expectation: ContactExpectation,
  history: ContactHistory,
  outcome: Outcome,
): string | undefined {
  const kind = (Object.keys(VERDICTS) as ExpectationKind[]).find((key) => key in expectation);
  if (!kind) return "unknown expectation";
  return (VERDICTS[kind] as Verdict<ExpectationKind>)(expectation as never, history, outcome);
}

/** `sent`: the step went out (inside the window, if any); `notSent`: it did not (inside the window). */
function sendVerdict(
  expectation: Extract<ContactExpectation, { sent: string } | { notSent: string }>,
  history: ContactHistory,
  outcome: Outcome,
): string | undefined {
  const ref = "sent" in expectation ? expectation.sent : expectation.notSent;
  const step = resolveStep(outcome.catalog, ref);
  if (!step) return `'${ref}' names no single step of the deployed workflows`;
  const name = stepName(step);
  const all = history.sends.filter(
    (send) => send.workflowId === step.workflowId && send.stepId === step.stepId,
  );
  const sent = all.filter((send) => send.status === "sent" && send.sentAt);
  const window = sendWindow(expectation, outcome.start);
  const inWindow = sent.filter((send) => window.holds(Date.parse(send.sentAt!)));
  const times = (sends: SendRecord[]) =>
    sends.map((send) => when(outcome.start, Date.parse(send.sentAt!))).join(", ");
  if ("sent" in expectation) {
    if (inWindow.length) return undefined;
    if (sent.length) return `${name} went out at ${times(sent)}, not ${window.text}`;
    const skipped = all.find((send) => send.status === "skipped");
    return skipped ? `${name} was skipped: ${skipped.reason ?? "no reason"}` : `${name} never went out`;
  }
  if (!inWindow.length) return undefined;
  return `${name} went out at ${times(inWindow)}${window.text ? ` (${window.text})` : ""}`;
}

/** An expectation's `after` and `before` (inclusive): whether a time (ms) is inside, and how it reads. */
function sendWindow(
  expectation: { before?: string | undefined; after?: string | undefined },
  start: number,
): { holds: (at: number) => boolean; text: string } {
  const before = expectation.before === undefined ? undefined : momentMillis(start, expectation.before);
  const after = expectation.after === undefined ? undefined : momentMillis(start, expectation.after);
  const text = [
    after === undefined ? "" : `at or after ${when(start, after)}`,
    before === undefined ? "" : `at or before ${when(start, before)}`,
  ]
    .filter(Boolean)
    .join(" and ");
  return {
    holds: (at) => (before === undefined || at <= before) && (after === undefined || at >= after),
    text,
  };
}

function emailsVerdict(
  expectation: Extract<ContactExpectation, { emails: unknown }>,
  history: ContactHistory,
) {
  const sent = history.sends.filter((send) => send.status === "sent");
  if (countHolds(sent.length, expectation.emails)) return undefined;
  const names = sent.map((send) => `${send.workflowId}/${send.stepId}`).join(", ");
  return `${plural(sent.length, "email")}${names ? ` (${names})` : ""}, expected ${describeCount(expectation.emails)}`;
}

/** The stage at `by`, else at the end. */
function stageVerdict(
  expectation: Extract<ContactExpectation, { stage: string }>,
  history: ContactHistory,
  outcome: Outcome,
): string | undefined {
  const initial = outcome.initialStage(expectation.contact);
  if (expectation.by !== undefined) {
    const at = momentMillis(outcome.start, expectation.by);
    const stage = stageAt(history, at, initial);
    return stage === expectation.stage ? undefined : `stage at ${when(outcome.start, at)} was '${stage}'`;
  }
  const stage = history.contact?.stage ?? initial;
  return stage === expectation.stage ? undefined : `stage at the end was '${stage}'`;
}

/** A task of the step was created (and, with `status`, one has that status). */
function taskVerdict(
  expectation: Extract<ContactExpectation, { task: string }>,
  history: ContactHistory,
  outcome: Outcome,
): string | undefined {
  const step = resolveStep(outcome.catalog, expectation.task);
  if (!step) return `'${expectation.task}' names no single step of the deployed workflows`;
  const tasks = history.tasks.filter(
    (task) => task.workflowId === step.workflowId && task.stepId === step.stepId,
  );
  if (!tasks.length) return `no task ${stepName(step)} was created`;
  if (expectation.status === undefined || tasks.some((task) => task.status === expectation.status))
    return undefined;
  return `task ${stepName(step)} is ${tasks.map((task) => `'${task.status}'`).join(", ")}`;
}

/** The contact's latest enrollment in the workflow (a re-enrollment is a later one) has the status. */
function enrollmentVerdict(
  expectation: Extract<ContactExpectation, { enrollment: string }>,
  history: ContactHistory,
): string | undefined {
  const mine = history.enrollments
    .filter((enrollment) => enrollment.workflowId === expectation.enrollment)
    .sort((a, b) => a.seq - b.seq);
  const latest = mine.at(-1);
  if (!latest) return `never enrolled in ${expectation.enrollment}`;
  if (latest.status === expectation.status) return undefined;
  const why = latest.reason && latest.reason !== latest.status ? ` (${latest.reason})` : "";
  const earlier = mine.slice(0, -1).map((enrollment) => `${enrollment.id} ${enrollment.status}`);
  return `${latest.id} is '${latest.status}'${why}, not '${expectation.status}'${earlier.length ? `; before it ${earlier.join(", ")}` : ""}`;
}

/** Enrollments that failed (a handler crashed): never what a scenario means, whatever it expects. */
export function failedEnrollments(outcome: Outcome): Failure[] {
  const failures: Failure[] = [];
  for (const [contactId, history] of outcome.histories) {
    const failed = history.enrollments.filter((enrollment) => enrollment.status === "failed");
    if (!failed.length) continue;
    const found = failed
      .map((enrollment) => `${enrollment.id} failed: ${enrollment.reason ?? "no reason"}`)
      .join("; ");
    failures.push({
      expect: { contact: contactId, run: "no enrollment fails" },
      actual: pictureOf(outcome, history, found),
    });
  }
  return failures;
}
