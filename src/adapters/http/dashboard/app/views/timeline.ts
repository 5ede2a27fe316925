import type {
  ContactDetail,
  EnrollmentSummary,
  TimelineEntry,
} from "../../../../../core/reports/report-types";
import { dateTime } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, pending, Table } from "../ui";

function nameOf(contact: ContactDetail["contact"]): string {
  return [contact.firstName, contact.lastName].filter(Boolean).join(" ") || contact.email;
}

function Profile(props: { detail: ContactDetail }) {
  const { detail } = props;
  const facts: Array<[string, string | number | undefined]> = [
    ["Email", detail.contact.email],
    ["Company", detail.contact.company],
    ["Stage", detail.stage],
    ["Score", detail.score],
    ["Owner", detail.owner],
    ["Account", detail.account],
  ];
  return html`<dl class="facts">
    ${facts.map(([name, value]) => html`<div><dt>${name}</dt><dd>${value ?? "–"}</dd></div>`)}
  </dl>`;
}

function Enrollments(props: { enrollments: EnrollmentSummary[] }) {
  return html`<${Table} id="enrollments" caption="Enrollments" head=${["Workflow", "Status", "Step", "Started", "Ended"]}>
    ${props.enrollments.map(
      (e) => html`<tr>
        <th scope="row">${e.workflow}</th>
        <td>${e.status}${e.reason ? html` <span class="muted">(${e.reason})</span>` : null}</td>
        <td>${e.step ?? "–"}</td>
        <td>${dateTime(e.startedAt)}</td>
        <td>${dateTime(e.endedAt)}</td>
      </tr>`,
    )}
  <//>`;
}

function Entry(props: { entry: TimelineEntry }) {
  const { entry } = props;
  const where = [entry.workflow, entry.step].filter(Boolean).join(" / ");
  return html`<li data-kind=${entry.kind}>
    <time datetime=${entry.at}>${dateTime(entry.at)}</time>
    <span class="kind">${entry.kind}</span>
    <span>${entry.text}</span>
    ${where ? html`<span class="muted"> ${where}</span>` : null}
  </li>`;
}

/** One contact: profile, enrollments, and everything that happened to it in time order (GET /contacts/{id}). */
export function Timeline(props: { contactId: string }) {
  const detail = useApi<ContactDetail>(`/contacts/${encodeURIComponent(props.contactId)}`);
  const title = detail.data ? nameOf(detail.data.contact) : props.contactId;
  return html`<${Card} title=${title} id="contact-detail" wide>
    ${
      pending(detail) ??
      html`<${Profile} detail=${detail.data} />
        <h3>Enrollments</h3>
        <${Enrollments} enrollments=${detail.data?.enrollments ?? []} />
        <h3>Timeline</h3>
        <ol class="timeline" id="timeline">
          ${detail.data?.timeline.map((entry) => html`<${Entry} entry=${entry} />`)}
        </ol>`
    }
  <//>`;
}
