/**
 * The sales side of the read API as terminal text: the SLA per owner, the top accounts, the
 * attribution by model, and one contact with its enrollments and timeline (`handoff report sla|
 * accounts|attribution`, `handoff contact`). Table and duration helpers: src/cli/report-text.ts.
 */

import { creditedKeys, creditsOf, creditText, modelTotal } from "../core/reports/attribution-table";
import type {
  AccountsReport,
  AttributionReport,
  ContactDetail,
  SlaReport,
} from "../core/reports/report-types";
import { bold, dim } from "./output";
import { bar, duration, rate, table } from "./report-text";

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

/**
 * `handoff report attribution` (and the attribution of `handoff simulate`): the conversions and
 * revenue, then one row per channel or campaign (most credited first) with each model's credit and
 * a total row; for one model (`--model`), its credits with their shares as bars.
 */
export function formatAttributionReport(report: AttributionReport): string {
  const models = Object.keys(report.models);
  const keys = creditedKeys(report);
  const title = [
    bold(`Attribution by ${report.by}, ${report.from} to ${report.to}`),
    `  conversions ${report.conversions.toLocaleString("en-US")}, revenue ${creditText(report, report.revenue)}`,
  ];
  if (keys.length === 0) return [...title, "  (no model has credits for this period)"].join("\n");
  if (models.length === 1) return [...title, "", ...modelBars(report, models[0]!)].join("\n");
  const cell = (model: string, key: string) => {
    const credit = report.models[model]?.[key];
    return credit === undefined ? "–" : creditText(report, credit);
  };
  const rows = keys.map((key) => [key, ...models.map((model) => cell(model, key))]);
  const lines = table(
    [report.by, ...models],
    [...rows, ["total", ...models.map((model) => creditText(report, modelTotal(report, model)))]],
  );
  return [...title, "", ...lines.slice(0, -1), bold(lines.at(-1)!)].join("\n");
}

/** One model's credits, most first: the amount, its share of the model's total, and a bar of it. */
function modelBars(report: AttributionReport, model: string): string[] {
  const credits = creditsOf(report, model);
  const rows = credits.map((credit) => [
    credit.key,
    creditText(report, credit.credit),
    rate(credit.share, 1),
    bar(credit.share, credits[0]?.share ?? 0, 24),
  ]);
  return [bold(`  ${model}`), ...table([report.by, "credit", "share", ""], rows)];
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
