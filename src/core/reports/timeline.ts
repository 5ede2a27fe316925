/**
 * A contact's timeline (GET /contacts/{id}): every email, event, stage change, enrollment, handoff,
 * task and Slack post Handoff knows of, in time order, each in plain words. Pure: it reads only
 * what contactDetail (src/core/reports/contacts.ts) read.
 *
 * Slack posts are derived, never stored as such: a task with `notifiedAt` was posted then; an
 * enrollment that ended handed-off from a workflow whose `handoff.notify` names a channel was posted
 * at its end (the post is made as the handoff happens).
 */
import { attributionConfig, NONE, touchOf } from "../attribution/touch";
import type { Catalog } from "../catalog";
import type { ContactView } from "../contact-store";
import type { EngagementEvent, Enrollment, RepTask, SendRecord, StageChange } from "../model";
import { computeScore } from "../scoring";
import type { TimelineEntry } from "./report-types";

/** A touch's own entry beside its event's: "channel organic-search · source google · campaign spring". */
function touchEntries(
  events: readonly EngagementEvent[],
  catalog: TimelineSources["catalog"],
): TimelineEntry[] {
  const config = attributionConfig(catalog.settings);
  return events.flatMap((event) => {
    const touch = touchOf(event, config);
    if (!touch) return [];
    const parts = [`channel ${touch.channel}`];
    if (touch.source !== undefined) parts.push(`source ${touch.source}`);
    if (touch.campaign !== NONE) parts.push(`campaign ${touch.campaign}`);
    return [
      { at: event.at, kind: "touch", text: parts.join(" · "), ...place(event.workflowId, event.stepId) },
    ];
  });
}

/** Recorded event names → the timeline's kind and verb; any other event keeps its own name. */
const EVENT_KINDS: Record<string, { kind: string; verb: string }> = {
  "email.delivered": { kind: "email.delivered", verb: "Delivered" },
  "email.open": { kind: "email.opened", verb: "Opened" },
  "email.click": { kind: "email.clicked", verb: "Clicked" },
  "email.reply": { kind: "email.replied", verb: "Replied to" },
  "email.bounce": { kind: "email.bounced", verb: "Bounced" },
  "email.complaint": { kind: "email.complained", verb: "Marked as spam" },
  "email.unsubscribe": { kind: "email.unsubscribed", verb: "Unsubscribed from" },
  "page.view": { kind: "page.view", verb: "Viewed" },
  "form.submitted": { kind: "form.submitted", verb: "Submitted" },
  "lead.accepted": { kind: "lead.accepted", verb: "Lead accepted" },
  "lead.rejected": { kind: "lead.rejected", verb: "Lead rejected" },
};
/** Events the timeline tells from its own records instead (the task's completion). */
const TOLD_ELSEWHERE = new Set(["task.completed", "email.sent"]);

export interface TimelineSources {
  view: ContactView;
  /** The events scoring reads (the window's events and the ledger's sends), in time order. */
  scored: readonly EngagementEvent[];
  stageHistory: StageChange[];
  tasks: RepTask[];
  catalog: Pick<Catalog, "workflows" | "scoring" | "settings">;
}

const where = (workflow: string, step?: string) => (step ? `${workflow} / ${step}` : workflow);
const place = (workflow?: string, step?: string) => ({
  ...(workflow ? { workflow } : {}),
  ...(step ? { step } : {}),
});

function emailName(sends: SendRecord[], enrollmentId?: string, stepId?: string): string {
  const send = sends.find((s) => s.enrollmentId === enrollmentId && s.stepId === stepId);
  return send?.subject ? `'${send.subject}'` : "the email";
}

/**
 * The ledger's emails: sent (or claimed, or uncertain: it may have gone, as scoring counts it) and
 * skipped. A released entry is an email SES refused: never sent, so not on the timeline.
 */
function sentEntries(sends: SendRecord[]): TimelineEntry[] {
  return sends
    .filter((send) => send.status !== "released")
    .map((send) => {
      const subject = send.subject ? `'${send.subject}'` : "an email";
      const origin = `(${where(send.workflowId, send.stepId)})`;
      const entry = { at: send.sentAt ?? send.claimedAt, ...place(send.workflowId, send.stepId) };
      if (send.status === "skipped")
        return {
          ...entry,
          kind: "email.skipped",
          text: `Did not send ${subject} ${origin}: ${send.reason ?? "skipped"}`,
        };
      const perhaps = send.status === "uncertain" ? ", perhaps: SES did not answer" : "";
      return { ...entry, kind: "email.sent", text: `Sent ${subject} ${origin}${perhaps}` };
    });
}

function eventEntry(event: EngagementEvent, sends: SendRecord[]): TimelineEntry | undefined {
  if (TOLD_ELSEWHERE.has(event.name)) return undefined;
  const known = EVENT_KINDS[event.name];
  const detail = (["link", "path", "url", "form", "reason", "by"] as const)
    .map((key) => event.properties[key])
    .find((value) => typeof value === "string" && value !== "");
  let text: string;
  if (event.name.startsWith("email.") && known) {
    const link = event.name === "email.click" && detail ? ` ${detail} in` : "";
    const origin = event.workflowId ? ` (${where(event.workflowId, event.stepId)})` : "";
    text = `${known.verb}${link} ${emailName(sends, event.enrollmentId, event.stepId)}${origin}`;
  } else {
    text = known
      ? `${known.verb}${detail ? ` ${detail}` : ""}`
      : `${event.name}${detail ? ` ${detail}` : ""}`;
  }
  return { at: event.at, kind: known?.kind ?? event.name, text, ...place(event.workflowId, event.stepId) };
}

function stageEntry(change: StageChange): TimelineEntry {
  const move = change.from ? `${change.from} → ${change.to}` : `first stage ${change.to}`;
  return { at: change.at, kind: "stage.changed", text: `Stage ${move} (${change.reason}, by ${change.by})` };
}

function enrollmentEntries(enrollment: Enrollment, all: Enrollment[], catalog: TimelineSources["catalog"]) {
  const { workflowId, startedAt, endedAt, status, reason } = enrollment;
  const from = enrollment.source ? `, from ${enrollment.source.workflowId} (${enrollment.source.why})` : "";
  // Scheduled: its first email's send window was closed, its execution starts at the opening.
  const scheduled = enrollment.startsAt
    ? `, first email at ${enrollment.startsAt} (its send window's opening)`
    : "";
  const entries: TimelineEntry[] = [
    {
      at: startedAt,
      kind: "enrolled",
      text: `Enrolled in ${workflowId}${from}${scheduled}`,
      workflow: workflowId,
    },
  ];
  if (!endedAt || status === "active") return entries;
  entries.push({
    at: endedAt,
    kind: "ended",
    text: `Ended ${workflowId}: ${status}${reason ? ` (${reason})` : ""}`,
    workflow: workflowId,
  });
  if (status !== "handed-off") return entries;
  const next = all.find((e) => e.source?.enrollmentId === enrollment.id && e.source.why === "handoff");
  const to = next ? ` to ${next.workflowId}` : "";
  entries.push({
    at: endedAt,
    kind: "handoff",
    text: `Handed off from ${workflowId}${to}`,
    workflow: workflowId,
  });
  const workflow = catalog.workflows.get(workflowId);
  const notify = workflow?.kind === "campaign" ? workflow.handoff?.notify : undefined;
  if (notify)
    entries.push({
      at: endedAt,
      kind: "slack.posted",
      text: `Posted the handoff to Slack (${notify.slack})`,
      workflow: workflowId,
    });
  return entries;
}

function taskEntries(task: RepTask): TimelineEntry[] {
  const origin = place(task.workflowId, task.stepId);
  const entries: TimelineEntry[] = [
    {
      at: task.createdAt,
      kind: "task.created",
      text: `Task for ${task.owner ?? "nobody"}: ${task.title}`,
      ...origin,
    },
  ];
  if (task.notifiedAt)
    entries.push({
      at: task.notifiedAt,
      kind: "slack.posted",
      text: `Posted the task to Slack: ${task.title}`,
      ...origin,
    });
  if (task.status === "completed" && task.completedAt)
    entries.push({
      at: task.completedAt,
      kind: "task.completed",
      text: `Task done: ${task.title}`,
      ...origin,
    });
  if (task.status === "timedOut")
    entries.push({
      at: task.deadline,
      kind: "task.timedOut",
      text: `Task not done in time: ${task.title}`,
      ...origin,
    });
  return entries;
}

/**
 * `score.changed` where an event changed the score: the score just after each event, from the
 * events up to it (what the rules computed then), entered when it differs from the one before.
 */
function scoreEntries(scoring: Catalog["scoring"], scored: readonly EngagementEvent[]): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  let previous = 0;
  for (let i = 0; i < scored.length; i++) {
    const event = scored[i]!;
    const score = computeScore(scoring, scored.slice(0, i + 1), new Date(event.at));
    if (score !== previous)
      entries.push({
        at: event.at,
        kind: "score.changed",
        text: `Score ${previous} → ${score} (${event.name})`,
      });
    previous = score;
  }
  return entries;
}

/** Everything the sources tell, oldest first (entries at the same time keep the order above). */
export function contactTimeline(sources: TimelineSources): TimelineEntry[] {
  const { view } = sources;
  const entries: TimelineEntry[] = [
    ...sentEntries(view.sends),
    ...view.events.flatMap((event) => eventEntry(event, view.sends) ?? []),
    ...touchEntries(view.events, sources.catalog),
    ...sources.stageHistory.map(stageEntry),
    ...view.enrollments.flatMap((e) => enrollmentEntries(e, view.enrollments, sources.catalog)),
    ...sources.tasks.flatMap(taskEntries),
    ...scoreEntries(sources.catalog.scoring, sources.scored),
  ];
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : a.order - b.order))
    .map(({ entry }) => entry);
}
