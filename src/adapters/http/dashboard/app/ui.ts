import type { ComponentChildren } from "preact";
import type { Loaded } from "./hooks";
import { html } from "./html";

/** A titled panel of a view; views lay them out in a grid (one column on a phone). */
export function Card(props: { title: string; id?: string; wide?: boolean; children?: ComponentChildren }) {
  return html`<section class=${props.wide ? "card wide" : "card"} id=${props.id} aria-label=${props.title}>
    <h2>${props.title}</h2>
    ${props.children}
  </section>`;
}

/** What a view shows while its answer is on its way, or when it failed; undefined once there is data. */
export function pending<T>(loaded: Loaded<T>): ComponentChildren | undefined {
  if (loaded.error) return html`<p class="error" role="alert">${loaded.error}</p>`;
  if (!loaded.data) return html`<p class="muted" aria-live="polite">Loading…</p>`;
  return undefined;
}

/** A table that scrolls sideways on its own (never the page) when it is wider than the screen. */
export function Table(props: { id?: string; caption: string; head: string[]; children?: ComponentChildren }) {
  return html`<div class="scroll" tabindex="0" role="region" aria-label=${props.caption}>
    <table id=${props.id}>
      <caption class="visually-hidden">${props.caption}</caption>
      <thead>
        <tr>${props.head.map((name) => html`<th scope="col">${name}</th>`)}</tr>
      </thead>
      <tbody>${props.children}</tbody>
    </table>
  </div>`;
}

/** A labelled <select> whose value is one of `options` (value, text). */
export function Select(props: {
  id: string;
  label: string;
  value: string;
  options: Array<[string, string]>;
  onChange: (value: string) => void;
}) {
  return html`<label class="field" for=${props.id}>
    <span>${props.label}</span>
    <select id=${props.id} value=${props.value} onChange=${(e: Event) => props.onChange((e.target as HTMLSelectElement).value)}>
      ${props.options.map(([value, text]) => html`<option value=${value}>${text}</option>`)}
    </select>
  </label>`;
}

/** A link to a contact's timeline (#contact/<id>). */
export function ContactLink(props: { id: string; text?: string }) {
  return html`<a href=${`#contact/${encodeURIComponent(props.id)}`}>${props.text ?? props.id}</a>`;
}
