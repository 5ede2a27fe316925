import { useState } from "preact/hooks";
import type { EmailMetric, FunnelReport, StepFunnel } from "../../../../../core/reports/report-types";
import type { WorkflowList } from "../../../workflow-list";
import { query } from "../api";
import { count, label, rate } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Select, Table } from "../ui";
import { DailyChart } from "./chart";
import type { Period } from "./period";

/** Each metric of a step and what its rate is of: delivered of sent, the rest of delivered (bounced of sent). */
const STEP_COLUMNS: Array<[EmailMetric, EmailMetric | undefined]> = [
  ["sent", undefined],
  ["delivered", "sent"],
  ["opened", "delivered"],
  ["clicked", "delivered"],
  ["replied", "delivered"],
  ["unsubscribed", "delivered"],
  ["bounced", "sent"],
  ["complained", "delivered"],
];
const ENDINGS = [
  "enrolled",
  "active",
  "completed",
  "handedOff",
  "exited",
  "stopped",
  "converted",
  "failed",
] as const;

function StepRow(props: { step: StepFunnel }) {
  const { step } = props;
  return html`<tr data-step=${step.step}>
    <th scope="row">${step.step}</th>
    ${STEP_COLUMNS.map(
      ([metric, of]) => html`<td data-metric=${metric} data-count=${step[metric]}>
        ${count(step[metric])}${of ? html` <span class="rate">${rate(step[metric], step[of])}</span>` : null}
      </td>`,
    )}
  </tr>`;
}

function Funnel(props: { report: FunnelReport }) {
  const { report } = props;
  return html`<div class="grid">
    <${Card} title="Enrollments" id="funnel-summary" wide>
      <dl class="tiles">
        ${ENDINGS.map(
          (name) =>
            html`<div class="tile" data-ending=${name}><dt>${label(name)}</dt><dd>${count(report[name])}</dd></div>`,
        )}
      </dl>
    <//>
    <${Card} title="Emails by step" id="funnel-steps" wide>
      <${Table} id="steps" caption="Emails by step: counts and rates" head=${["Step", ...STEP_COLUMNS.map(([m]) => label(m))]}>
        ${report.steps.map((step) => html`<${StepRow} step=${step} />`)}
      <//>
      <p class="muted">Delivered and bounced are rates of sent; the others of delivered.</p>
    <//>
    <${Card} title="Day by day" id="funnel-daily" wide>
      <${DailyChart} daily=${report.daily} />
    <//>
  </div>`;
}

/** A workflow's funnel over the period: endings, each email step with its rates, and the daily chart. */
export function FunnelView(props: { catalog: WorkflowList; period: Period }) {
  const [chosen, setChosen] = useState(props.catalog.workflows[0]?.id ?? "");
  const funnel = useApi<FunnelReport>(
    chosen ? `/reports/funnel${query({ workflow: chosen, ...props.period })}` : undefined,
  );
  const options = props.catalog.workflows.map((w): [string, string] => [w.id, `${w.name} (${w.kind})`]);
  return html`<div>
    <div class="toolbar">
      <${Select} id="workflow" label="Workflow" value=${chosen} options=${options} onChange=${setChosen} />
      ${funnel.data ? html`<p class="muted">${funnel.data.from} to ${funnel.data.to}</p>` : null}
    </div>
    ${!chosen ? html`<p class="muted">No workflow is deployed.</p>` : (pending(funnel) ?? html`<${Funnel} report=${funnel.data} />`)}
  </div>`;
}
