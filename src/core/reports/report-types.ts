/**
 * What the read API answers (the shared view: the dashboard, `handoff report`, `handoff contact`
 * and the simulation report all show these). Durations are seconds, times ISO 8601 in UTC, days
 * `YYYY-MM-DD` (UTC). docs/http-api.md, "The read API", documents each route.
 */
import type { Contact, EnrollmentStatus } from "../model";

/** A period of whole UTC days, both ends included. */
export interface DayRange {
  from: string;
  to: string;
}

export const EMAIL_METRICS = [
  "sent",
  "delivered",
  "opened",
  "clicked",
  "replied",
  "unsubscribed",
  "bounced",
  "complained",
] as const;
export type EmailMetric = (typeof EMAIL_METRICS)[number];

export type StepFunnel = { step: string } & Record<EmailMetric, number> & {
    /** Clicks of each tracked link of the step's email (the first click of a link per email). */
    links: Record<string, number>;
  };

export const DAILY_METRICS = ["sent", "opened", "clicked", "replied", "handedOff"] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];
export type DailyFunnel = { date: string } & Record<DailyMetric, number>;

/** The endings an enrollment counts as, by the name the funnel gives them. */
export const ENDINGS = {
  completed: "completed",
  handedOff: "handed-off",
  exited: "exited",
  stopped: "stopped",
  converted: "converted",
  failed: "failed",
} as const satisfies Record<string, Exclude<EnrollmentStatus, "active">>;
export type EndingName = keyof typeof ENDINGS;

export type FunnelReport = {
  workflow: string;
  from: string;
  to: string;
  /** Enrollments started in the period. */
  enrolled: number;
  /** Enrollments running now (whatever the period). */
  active: number;
  steps: StepFunnel[];
  daily: DailyFunnel[];
} & Record<EndingName, number>;

export interface StagesReport {
  from: string;
  to: string;
  /** Contacts in each stage now, every stage of scoring.json listed. */
  stages: Record<string, number>;
  /** Moves in the period; `from` is absent for a contact's first stage. */
  moves: Array<{ from?: string; to: string; count: number }>;
}

export interface SlaOwnerReport {
  owner: string;
  handoffs: number;
  accepted: number;
  rejected: Record<string, number>;
  missed: number;
  /** Seconds; null when nothing was accepted (or touched) in the period. */
  medianToAccept: number | null;
  medianToFirstTouch: number | null;
}
export interface SlaReport {
  from: string;
  to: string;
  owners: SlaOwnerReport[];
}

export interface AccountSummary {
  account: string;
  score: number;
  stage?: string;
  owner?: string;
  contacts: number;
  engagedContacts: number;
}
export interface AccountsReport {
  accounts: AccountSummary[];
}

/** The language's attribution report: credits by model, then by channel (or campaign). */
export interface AttributionReport {
  from: string;
  to: string;
  by: "channel" | "campaign";
  conversions: number;
  revenue: number;
  models: Record<string, Record<string, number>>;
}

export interface TimelineEntry {
  at: string;
  /** email.sent, email.opened, email.clicked, email.replied, page.view, form.submitted, touch, stage.changed, score.changed, handoff, task.created, task.completed, slack.posted, lead.accepted, lead.rejected, enrolled, ended, or the event's own name. */
  kind: string;
  text: string;
  workflow?: string;
  step?: string;
}

export interface EnrollmentSummary {
  enrollmentId: string;
  workflow: string;
  status: EnrollmentStatus;
  step?: string;
  /** Scheduled: the execution starts then, at its first email's send window opening (no step yet). */
  startsAt?: string;
  startedAt: string;
  endedAt?: string;
  reason?: string;
}

export interface ContactDetail {
  /** Who the contact is: the profile's identifying fields only. */
  contact: Pick<Contact, "id" | "email" | "firstName" | "lastName" | "company" | "title">;
  stage: string;
  score: number;
  owner?: string;
  account?: string;
  enrollments: EnrollmentSummary[];
  /** In time order, oldest first. */
  timeline: TimelineEntry[];
}

export interface ContactListItem {
  id: string;
  email: string;
  name?: string;
  stage: string;
  score: number;
  owner?: string;
  account?: string;
}

export interface InboxTask {
  taskId: string;
  contactId: string;
  title: string;
  /** call, linkedin, manual: a sequence's task step; accept: a handed-off lead the SLA waits on. */
  kind: string;
  due: string;
  status: string;
}
