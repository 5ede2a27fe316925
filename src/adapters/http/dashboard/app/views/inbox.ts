import { useState } from "preact/hooks";
import type { InboxTask } from "../../../../../core/reports/report-types";
import type { WorkflowList } from "../../../workflow-list";
import { callApi, query } from "../api";
import { dueTime } from "../format";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, ContactLink, pending, Select, Table } from "../ui";

const STATUSES: Array<[string, string]> = [
  ["open", "Open"],
  ["completed", "Completed"],
  ["timedOut", "Timed out"],
  ["all", "All"],
];

/** Accept, or reject with a reason (asked in place), a lead the SLA waits on. */
function LeadAnswer(props: { task: InboxTask; onAnswered: (message: string) => void }) {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState("");
  const path = (answer: string) => `/leads/${encodeURIComponent(props.task.contactId)}/${answer}`;
  const answer = (kind: "accept" | "reject", body: object) =>
    callApi<{ status?: string }>(path(kind), { body }).then(
      (result) => props.onAnswered(`${props.task.contactId}: ${result.status ?? kind}`),
      (error: Error) => props.onAnswered(`${props.task.contactId}: ${error.message}`),
    );
  if (!rejecting)
    return html`<div class="actions">
      <button type="button" class="accept" onClick=${() => answer("accept", {})}>Accept</button>
      <button type="button" class="secondary" onClick=${() => setRejecting(true)}>Reject…</button>
    </div>`;
  const submit = (event: Event) => {
    event.preventDefault();
    if (reason.trim()) answer("reject", { reason: reason.trim() });
  };
  const id = `reason-${props.task.taskId}`;
  return html`<form class="actions" onSubmit=${submit}>
    <label class="field" for=${id}><span>Reason</span>
      <input id=${id} required value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} />
    </label>
    <button type="submit" class="reject">Reject the lead</button>
    <button type="button" class="secondary" onClick=${() => setRejecting(false)}>Cancel</button>
  </form>`;
}

function Tasks(props: { tasks: InboxTask[]; onAnswered: (message: string) => void }) {
  if (!props.tasks.length) return html`<p class="muted">No task here.</p>`;
  return html`<${Table} id="tasks" caption="The owner's tasks" head=${["Task", "Kind", "Due", "Status", "Contact", ""]}>
    ${props.tasks.map(
      (task) => html`<tr data-task=${task.taskId} data-kind=${task.kind}>
        <th scope="row">${task.title}</th>
        <td>${task.kind}</td>
        <td>${dueTime(task.due)}</td>
        <td>${task.status}</td>
        <td><${ContactLink} id=${task.contactId} text="Timeline" /></td>
        <td>${task.kind === "accept" && task.status === "open" ? html`<${LeadAnswer} task=${task} onAnswered=${props.onAnswered} />` : null}</td>
      </tr>`,
    )}
  <//>`;
}

/** A rep's inbox (GET /tasks?owner=): tasks of their sequences and the leads to accept or reject. */
export function InboxView(props: { catalog: WorkflowList }) {
  const [owner, setOwner] = useState(props.catalog.owners[0]?.id ?? "");
  const [status, setStatus] = useState("open");
  const [message, setMessage] = useState<string>();
  const tasks = useApi<{ tasks: InboxTask[] }>(owner ? `/tasks${query({ owner, status })}` : undefined);
  const answered = (text: string) => {
    setMessage(text);
    tasks.reload();
  };
  const owners = props.catalog.owners.map((o): [string, string] => [o.id, o.name]);
  return html`<div>
    <div class="toolbar">
      <${Select} id="owner" label="Owner" value=${owner} options=${owners} onChange=${setOwner} />
      <${Select} id="task-status" label="Status" value=${status} options=${STATUSES} onChange=${setStatus} />
    </div>
    <p class="notice" role="status" id="inbox-message">${message ?? ""}</p>
    <div class="grid">
      <${Card} title="Inbox" id="inbox" wide>
        ${owner ? (pending(tasks) ?? html`<${Tasks} tasks=${tasks.data?.tasks ?? []} onAnswered=${answered} />`) : html`<p class="muted">settings.json names no owner.</p>`}
      <//>
    </div>
  </div>`;
}
