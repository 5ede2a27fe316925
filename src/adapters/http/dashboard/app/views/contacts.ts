import { useState } from "preact/hooks";
import type { ContactListItem } from "../../../../../core/reports/report-types";
import { query } from "../api";
import { useApi } from "../hooks";
import { html } from "../html";
import { Card, ContactLink, pending, Table } from "../ui";
import { Timeline } from "./timeline";

/** An address searches the email index (GET /contacts?email=); anything else opens that contact id. */
function SearchForm() {
  const [text, setText] = useState("");
  const [email, setEmail] = useState<string>();
  const found = useApi<{ contacts: ContactListItem[] }>(email ? `/contacts${query({ email })}` : undefined);
  const submit = (event: Event) => {
    event.preventDefault();
    const wanted = text.trim();
    if (!wanted) return;
    if (wanted.includes("@")) setEmail(wanted);
    else location.hash = `#contact/${encodeURIComponent(wanted)}`;
  };
  return html`<${Card} title="Find a contact" id="contact-search">
    <form class="inline" onSubmit=${submit} role="search">
      <label class="field" for="contact-query">
        <span>Email address or contact id</span>
        <input id="contact-query" type="search" value=${text} onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)} />
      </label>
      <button type="submit">Search</button>
    </form>
    ${email ? (pending(found) ?? html`<${Results} contacts=${found.data?.contacts ?? []} />`) : null}
  <//>`;
}

function Results(props: { contacts: ContactListItem[] }) {
  if (!props.contacts.length) return html`<p class="muted">No contact has this address.</p>`;
  return html`<${Table} id="contact-results" caption="Contacts found" head=${["Contact", "Stage", "Score", "Owner"]}>
    ${props.contacts.map(
      (contact) => html`<tr>
        <th scope="row"><${ContactLink} id=${contact.id} text=${contact.name ? `${contact.name} <${contact.email}>` : contact.email} /></th>
        <td>${contact.stage}</td>
        <td>${contact.score}</td>
        <td>${contact.owner ?? "–"}</td>
      </tr>`,
    )}
  <//>`;
}

/** A contact search, and the timeline of the contact in the address (#contact/<id>). */
export function ContactsView(props: { contactId?: string }) {
  return html`<div class="grid">
    <${SearchForm} />
    ${props.contactId ? html`<${Timeline} contactId=${props.contactId} />` : null}
  </div>`;
}
