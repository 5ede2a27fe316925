/**
 * The sales side of the read API as terminal text: the SLA per owner, the top accounts, the
 * attribution by model, and one contact with its enrollments and timeline (`handoff report sla|
 * accounts|attribution`, `handoff contact`). Table and duration helpers: src/cli/report-text.ts.
 */
import type {
  AccountsReport,
  AttributionReport,
  ContactDetail,
  SlaReport,
} from "../core/reports/report-types";
import { bold, dim } from "./output";
import { duration, rate, table } from "./report-text";

/** `handoff report sla`: per owner, the handoffs, how they were answered, and the median delays. */
export function formatSlaReport(report: SlaReport): string {
  const rows = report.owners.map((owner) => {
    const rejected = Object.values(owner.rejected).reduce((sum, n) => sum + n, 0);
    return [
      owner.owner,
      owner.handoffs,
      owner.accepted,
      rate(owner.accepted, owner.handoffs),
      rejected,
      owner.missed,
      duration(owner.medianToAccept),
      duration(owner.medianToFirstTouch),
    ];
  });
  const reasons = report.owners.flatMap((owner) =>
    Object.entries(owner.rejected).map(([reason, n]) => [owner.owner, reason, n]),
  );
  return [
    bold(`SLA per owner, ${report.from} to ${report.to}`),
    ...(rows.length > 0
      ? table(
          ["owner", "handoffs", "accepted", "rate", "rejected", "missed", "to accept", "to 1st touch"],
          rows,
        )
      : ["  (no handoffs)"]),
    ...(reasons.length > 0
      ? ["", bold("Rejected, by reason"), ...table(["owner", "reason", "n"], reasons)]
      : []),
    dim("  to accept, to 1st touch: medians"),
  ].join("\n");
}

/** `handoff report accounts`: the accounts, highest score first. */
export function formatAccountsReport(report: AccountsReport): string {
  const rows = report.accounts.map((account) => [
    account.account,
    account.score,
    account.stage ?? "–",
    account.owner ?? "–",
    account.contacts,
    account.engagedContacts,
  ]);
  return [
    bold("Accounts, highest score first"),
    ...(rows.length > 0
      ? table(["account", "score", "stage", "owner", "contacts", "engaged"], rows)
      : ["  (no accounts)"]),
  ].join("\n");
}

/** `handoff report attribution`: the conversions and revenue, then each model's credit per channel or campaign. */
export function formatAttributionReport(report: AttributionReport): string {
  const models = Object.entries(report.models);
  return [
    bold(`Attribution by ${report.by}, ${report.from} to ${report.to}`),
    `  conversions ${report.conversions}, revenue ${report.revenue}`,
    ...(models.length === 0 ? ["  (no attributed conversions)"] : []),
    ...models.flatMap(([model, credits]) => [
      "",
      bold(`  ${model}`),
      ...table(
        [report.by, "credit"],
        Object.entries(credits)
          .sort(([, a], [, b]) => b - a)
          .map(([key, credit]) => [key, Number(credit.toFixed(2))]),
      ),
    ]),
  ].join("\n");
}

/** `handoff contact <id>`: who, where they stand, their enrollments, and their timeline oldest first. */
export function formatContactDetail(detail: ContactDetail): string {
  const { contact } = detail;
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(" ");
  const facts = [
    `stage ${detail.stage}`,
    `score ${detail.score}`,
    ...(detail.owner ? [`owner ${detail.owner}`] : []),
    ...(detail.account ? [`account ${detail.account}`] : []),
    ...(contact.company ? [`company ${contact.company}`] : []),
    ...(contact.title ? [`title ${contact.title}`] : []),
  ];
  const enrollments = detail.enrollments.map((enrollment) => [
    enrollment.enrollmentId,
    enrollment.workflow,
    enrollment.status,
    enrollment.step ?? "–",
    enrollment.startedAt,
    enrollment.endedAt ?? "–",
    enrollment.reason ?? "",
  ]);
  const timeline = detail.timeline.map((entry) => {
    const where = entry.workflow ? dim(`  (${entry.workflow}${entry.step ? `/${entry.step}` : ""})`) : "";
    return `  ${entry.at}  ${entry.kind.padEnd(16)} ${entry.text}${where}`;
  });
  return [
    bold(`${name ? `${name} ` : ""}<${contact.email}>  ${dim(contact.id)}`),
    `  ${facts.join(", ")}`,
    "",
    bold("Enrollments"),
    ...(enrollments.length > 0
      ? table(["enrollment", "workflow", "status", "step", "started", "ended", "reason"], enrollments)
      : ["  (none)"]),
    "",
    bold("Timeline"),
    ...(timeline.length > 0 ? timeline : ["  (nothing yet)"]),
  ].join("\n");
}
